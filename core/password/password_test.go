package password

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// legacyVector is the scrypt hash of "password123" published with the wire
// reference.
const legacyVector = "1111a306c18fe64fb82728c42f94feb3:2f13c19c8bc5e6ee52ca9304dd7a2e657ee5" +
	"cc7b4ced6ccf6042e45b0513afeb74ce5c2b11802beb90cabb0519e41e77c56c1718f8ab1eab93f8a5" +
	"a4c95ae12e"

// fast returns a Hasher cheap enough for tests that hash many times.
func fast() *Hasher { return &Hasher{Memory: 64, Time: 1, Threads: 1} }

func TestHashRoundTrip(t *testing.T) {
	ctx := context.Background()
	h := &Hasher{}
	enc, err := h.Hash(ctx, "correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(enc, "$argon2id$v=19$m=65536,t=3,p=4$") {
		t.Errorf("got %q, want default parameters in the PHC string", enc)
	}
	p, salt, key, err := parseArgon(enc)
	if err != nil {
		t.Fatalf("parse own hash: %v", err)
	}
	if len(salt) != 16 || len(key) != 32 || p.memory != 65536 {
		t.Errorf("got salt %d key %d m %d, want 16, 32, 65536", len(salt), len(key), p.memory)
	}
	for _, tc := range []struct {
		pw   string
		want bool
	}{{"correct horse", true}, {"correct horse ", false}, {"", false}} {
		ok, err := h.Verify(ctx, enc, tc.pw)
		if err != nil || ok != tc.want {
			t.Errorf("Verify(%q) = %v, %v; want %v, nil", tc.pw, ok, err, tc.want)
		}
	}
	if h.NeedsRehash(enc) {
		t.Error("NeedsRehash(own hash) = true, want false")
	}
}

func TestHashUsesFreshSalt(t *testing.T) {
	h := fast()
	a, _ := h.Hash(context.Background(), "pw")
	b, _ := h.Hash(context.Background(), "pw")
	if a == b {
		t.Errorf("two hashes of one password are equal: %q", a)
	}
}

func TestHashNormalizesNFKC(t *testing.T) {
	h := fast()
	enc, err := h.Hash(context.Background(), "\uFF41\u212B") // fullwidth a, angstrom sign
	if err != nil {
		t.Fatal(err)
	}
	ok, err := h.Verify(context.Background(), enc, "a\u00C5")
	if err != nil || !ok {
		t.Errorf("Verify(NFKC equivalent) = %v, %v; want true, nil", ok, err)
	}
}

type vectorFile struct {
	Vectors []struct {
		Password string `json:"password"`
		Hash     string `json:"hash"`
	} `json:"vectors"`
}

func TestVerifyBetterAuthScrypt(t *testing.T) {
	raw, err := os.ReadFile("testdata/scrypt-vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var vf vectorFile
	if err := json.Unmarshal(raw, &vf); err != nil {
		t.Fatal(err)
	}
	// Also the vector published with the wire reference.
	vf.Vectors = append(vf.Vectors, struct {
		Password string `json:"password"`
		Hash     string `json:"hash"`
	}{"password123", legacyVector})
	if len(vf.Vectors) < 5 {
		t.Fatalf("got %d vectors, want at least 5", len(vf.Vectors))
	}
	h := &Hasher{}
	for _, v := range vf.Vectors {
		t.Run(v.Password, func(t *testing.T) {
			ok, err := h.Verify(context.Background(), v.Hash, v.Password)
			if err != nil || !ok {
				t.Errorf("Verify(right) = %v, %v; want true, nil", ok, err)
			}
			ok, err = h.Verify(context.Background(), v.Hash, v.Password+"x")
			if err != nil || ok {
				t.Errorf("Verify(wrong) = %v, %v; want false, nil", ok, err)
			}
			if !h.NeedsRehash(v.Hash) {
				t.Error("NeedsRehash(scrypt) = false, want true")
			}
		})
	}
}

func TestVerifyMalformed(t *testing.T) {
	key := strings.Repeat("ab", 64)
	for _, tc := range []struct{ name, enc string }{
		{"empty", ""},
		{"no colon", "abcdef"},
		{"empty salt", ":" + key},
		{"empty key", "salt:"},
		{"three parts", "salt:" + key + ":x"},
		{"short key", "salt:abcd"},
		{"non-hex key", "salt:" + strings.Repeat("zz", 64)},
		{"dollar only", "$"},
		{"argon2i", "$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5"},
		{"old version", "$argon2id$v=16$m=64,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5"},
		{"missing field", "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ"},
		{"params order", "$argon2id$v=19$t=1,m=64,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5"},
		{"zero time", "$argon2id$v=19$m=64,t=0,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5"},
		{"zero threads", "$argon2id$v=19$m=64,t=1,p=0$c2FsdHNhbHQ$a2V5a2V5a2V5"},
		{"threads 256", "$argon2id$v=19$m=4096,t=1,p=256$c2FsdHNhbHQ$a2V5a2V5a2V5"},
		{"memory too small", "$argon2id$v=19$m=7,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5"},
		{"memory huge", "$argon2id$v=19$m=4294967295,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5"},
		{"negative", "$argon2id$v=19$m=-64,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5"},
		{"bad base64", "$argon2id$v=19$m=64,t=1,p=1$!!!!$a2V5a2V5a2V5"},
		{"short salt", "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$a2V5a2V5a2V5"},
		{"empty key", "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ok, err := fast().Verify(context.Background(), tc.enc, "pw")
			if !errors.Is(err, ErrMalformedHash) || ok {
				t.Errorf("got %v, %v; want false, ErrMalformedHash", ok, err)
			}
		})
	}
}

func TestNeedsRehash(t *testing.T) {
	ctx := context.Background()
	cur := &Hasher{Memory: 128, Time: 2, Threads: 2}
	hashWith := func(h *Hasher) string {
		enc, err := h.Hash(ctx, "pw")
		if err != nil {
			t.Fatal(err)
		}
		return enc
	}
	for _, tc := range []struct {
		name string
		enc  string
		want bool
	}{
		{"same", hashWith(&Hasher{Memory: 128, Time: 2, Threads: 2}), false},
		{"stronger", hashWith(&Hasher{Memory: 256, Time: 3, Threads: 2}), false},
		{"fewer threads", hashWith(&Hasher{Memory: 128, Time: 2, Threads: 1}), false},
		{"less memory", hashWith(&Hasher{Memory: 64, Time: 2, Threads: 2}), true},
		{"fewer passes", hashWith(&Hasher{Memory: 128, Time: 1, Threads: 2}), true},
		{"short key", "$argon2id$v=19$m=128,t=2,p=2$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5", true},
		{"scrypt", "abcd:" + strings.Repeat("00", 64), true},
		{"garbage", "nonsense", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := cur.NeedsRehash(tc.enc); got != tc.want {
				t.Errorf("NeedsRehash(%q) = %v, want %v", tc.enc, got, tc.want)
			}
		})
	}
}

func TestVerifyOwnParameters(t *testing.T) {
	// A hash made with other parameters still verifies.
	ctx := context.Background()
	enc, err := (&Hasher{Memory: 256, Time: 2, Threads: 3}).Hash(ctx, "pw")
	if err != nil {
		t.Fatal(err)
	}
	ok, err := fast().Verify(ctx, enc, "pw")
	if err != nil || !ok {
		t.Errorf("got %v, %v; want true, nil", ok, err)
	}
}

func TestConcurrencyBound(t *testing.T) {
	h := &Hasher{Memory: 4096, Time: 2, Threads: 1, MaxConcurrent: 2}
	var wg sync.WaitGroup
	for range 12 {
		wg.Go(func() {
			if _, err := h.Hash(context.Background(), "pw"); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if p := h.peak.Load(); p < 1 || p > 2 {
		t.Errorf("got peak %d hashes in flight, want 1 or 2", p)
	}
	if a := h.active.Load(); a != 0 {
		t.Errorf("got %d slots still held, want 0", a)
	}
}

func TestContextWhileWaiting(t *testing.T) {
	h := &Hasher{MaxConcurrent: 1}
	if err := h.acquire(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer h.release()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := h.Hash(ctx, "pw")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Hash with all slots busy: got %v, want context.DeadlineExceeded", err)
	}
	_, err = h.Verify(ctx, "abcd:"+strings.Repeat("00", 64), "pw")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Verify with all slots busy: got %v, want context.DeadlineExceeded", err)
	}
	if err := h.Waste(ctx, "pw"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Waste with all slots busy: got %v, want context.DeadlineExceeded", err)
	}
}

func TestVerifyCostsOneArgon2idRun(t *testing.T) {
	// Wall time is too noisy to assert on a shared machine, so this counts
	// the Argon2id runs: a wrong password must cost what an unknown email
	// costs in Waste, one run with the Hasher's own parameters. One slot
	// also checks that the scrypt path does not deadlock or take two.
	ctx := context.Background()
	h := &Hasher{Memory: 64, Time: 1, Threads: 1, MaxConcurrent: 1}
	own, err := h.Hash(ctx, "pw")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var runs []argonParams
	h.onArgon = func(p argonParams) {
		mu.Lock()
		defer mu.Unlock()
		runs = append(runs, p)
	}
	verify := func(enc, pw string, want bool) func() error {
		return func() error {
			ok, err := h.Verify(ctx, enc, pw)
			if err == nil && ok != want {
				err = fmt.Errorf("Verify(%q) = %v, want %v", pw, ok, want)
			}
			return err
		}
	}
	for _, tc := range []struct {
		name string
		call func() error
	}{
		{"waste", func() error { return h.Waste(ctx, "pw") }},
		{"scrypt right", verify(legacyVector, "password123", true)},
		{"scrypt wrong", verify(legacyVector, "password124", false)},
		{"argon2id right", verify(own, "pw", true)},
		{"argon2id wrong", verify(own, "px", false)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mu.Lock()
			runs = nil
			mu.Unlock()
			if err := tc.call(); err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(runs) != 1 || runs[0] != h.params() {
				t.Errorf("got Argon2id runs %+v, want one with %+v", runs, h.params())
			}
			if p, a := h.peak.Load(), h.active.Load(); p != 1 || a != 0 {
				t.Errorf("got peak %d, %d slots held; want 1, 0", p, a)
			}
		})
	}
}

func FuzzVerify(f *testing.F) {
	f.Add("$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5", "pw")
	f.Add("abcd:"+strings.Repeat("0f", 64), "pw")
	f.Add("$argon2id$v=19$m=65536,t=3,p=4$$", "")
	f.Add(":::", "x")
	h := fast()
	f.Fuzz(func(t *testing.T, enc, pw string) {
		// Large but valid costs are legitimate and only slow the fuzzer
		// down; parsing them is what matters here.
		if p, _, _, err := parseArgon(enc); err == nil && p.memory*p.time > 1<<16 {
			return
		}
		ok, err := h.Verify(context.Background(), enc, pw)
		if err != nil && ok {
			t.Errorf("got true with error %v", err)
		}
		if err != nil && !errors.Is(err, ErrMalformedHash) {
			t.Errorf("got error %v, want ErrMalformedHash", err)
		}
	})
}

func BenchmarkHash(b *testing.B) {
	h := &Hasher{}
	for b.Loop() {
		if _, err := h.Hash(context.Background(), "correct horse"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerify times each kind of stored hash with the right and a
// wrong password, next to BenchmarkWaste, the cost of an unknown email:
// the wrong-password rows are the ones that must match it.
func BenchmarkVerify(b *testing.B) {
	ctx := context.Background()
	h := &Hasher{}
	argon, err := h.Hash(ctx, "password123")
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct{ name, enc, pw string }{
		{"argon2id/right", argon, "password123"},
		{"argon2id/wrong", argon, "password124"},
		{"scrypt/right", legacyVector, "password123"},
		{"scrypt/wrong", legacyVector, "password124"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := h.Verify(ctx, bc.enc, bc.pw); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkWaste(b *testing.B) {
	h := &Hasher{}
	for b.Loop() {
		if err := h.Waste(context.Background(), "password124"); err != nil {
			b.Fatal(err)
		}
	}
}
