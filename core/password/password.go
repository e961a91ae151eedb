// Package password hashes and verifies user passwords.
//
// New hashes use Argon2id and are stored as PHC strings:
//
//	$argon2id$v=19$m=65536,t=3,p=4$<salt>$<key>
//
// where salt and key are unpadded standard base64. Verification also
// accepts the scrypt format written by Better Auth ("saltHex:keyHex"), so
// that users migrated from it keep their passwords; [Hasher.NeedsRehash]
// reports such hashes so that callers can upgrade them after a successful
// sign-in.
//
// Passwords are normalised to Unicode NFKC before hashing, as Better Auth
// does, so that the same password typed with composed or decomposed
// characters gives the same hash.
package password

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"
)

// Default Argon2id parameters, used for the zero fields of a [Hasher].
const (
	DefaultMemory  = 64 * 1024 // KiB
	DefaultTime    = 3
	DefaultThreads = 4
	keyLen         = 32
	saltLen        = 16
)

// ErrMalformedHash is returned (wrapped) by [Hasher.Verify] for a stored
// hash it cannot parse or whose parameters are out of range.
var ErrMalformedHash = errors.New("password: malformed hash")

// Hasher hashes passwords with Argon2id and verifies Argon2id and legacy
// scrypt hashes. The zero value uses the Default* parameters. A Hasher is
// safe for concurrent use and must not be copied after first use.
//
// Every hash and verification runs under a semaphore of MaxConcurrent
// slots, so that a burst of sign-ins cannot allocate Memory KiB per
// request without bound; callers wait for a slot until their context ends.
// A slot holds Memory KiB, plus 32 MiB while it verifies a scrypt hash.
type Hasher struct {
	// Memory is the Argon2id memory cost in KiB; 0 means DefaultMemory.
	Memory uint32
	// Time is the Argon2id number of passes; 0 means DefaultTime.
	Time uint32
	// Threads is the Argon2id parallelism; 0 means DefaultThreads.
	Threads uint8
	// MaxConcurrent bounds the hashes computed at once; 0 means
	// GOMAXPROCS (at least 1).
	MaxConcurrent int

	once sync.Once
	sem  chan struct{}
	// active and peak count slots in use; tests read peak to check the
	// bound holds.
	active atomic.Int32
	peak   atomic.Int32
	// onArgon, when set, is called with the parameters of every Argon2id
	// run; tests use it to count the work a call does.
	onArgon func(argonParams)
}

func (h *Hasher) params() argonParams {
	p := argonParams{memory: h.Memory, time: h.Time, threads: h.Threads, keyLen: keyLen}
	if p.memory == 0 {
		p.memory = DefaultMemory
	}
	if p.time == 0 {
		p.time = DefaultTime
	}
	if p.threads == 0 {
		p.threads = DefaultThreads
	}
	return p
}

func (h *Hasher) init() {
	h.once.Do(func() {
		n := h.MaxConcurrent
		if n <= 0 {
			n = max(1, runtime.GOMAXPROCS(0))
		}
		h.sem = make(chan struct{}, n)
	})
}

// acquire takes a slot or gives up when ctx ends.
func (h *Hasher) acquire(ctx context.Context) error {
	h.init()
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("password: %w", err)
	}
	select {
	case h.sem <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("password: %w", ctx.Err())
	}
	n := h.active.Add(1)
	for {
		p := h.peak.Load()
		if n <= p || h.peak.CompareAndSwap(p, n) {
			break
		}
	}
	return nil
}

func (h *Hasher) release() {
	h.active.Add(-1)
	<-h.sem
}

// Hash returns the PHC string of password under the Hasher's parameters
// and a fresh random salt.
func (h *Hasher) Hash(ctx context.Context, password string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password: read salt: %w", err)
	}
	p := h.params()
	if err := h.acquire(ctx); err != nil {
		return "", err
	}
	defer h.release()
	key := h.argon(p, normalize(password), salt)
	return p.encode(salt, key), nil
}

// Verify reports whether password matches encoded, an Argon2id PHC string
// (verified with its own parameters) or a Better Auth scrypt hash. A hash
// it cannot parse gives an error wrapping [ErrMalformedHash]; a context
// that ends while waiting for a slot gives the context's error.
//
// A scrypt hash also costs one Argon2id run with this Hasher's parameters,
// like [Hasher.Waste], so that a wrong password answers no faster than an
// unknown email.
func (h *Hasher) Verify(ctx context.Context, encoded, password string) (bool, error) {
	if strings.HasPrefix(encoded, "$") {
		return h.verifyArgon(ctx, encoded, password)
	}
	return h.verifyScrypt(ctx, encoded, password)
}

func (h *Hasher) verifyArgon(ctx context.Context, encoded, password string) (bool, error) {
	p, salt, want, err := parseArgon(encoded)
	if err != nil {
		return false, err
	}
	if err := h.acquire(ctx); err != nil {
		return false, err
	}
	defer h.release()
	got := h.argon(p, normalize(password), salt)
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// verifyScrypt checks a legacy hash. Scrypt at Better Auth's cost is about
// half an Argon2id run at the default cost, so on its own a wrong password
// for a legacy account would answer faster than [Hasher.Waste] does for an
// unknown email, and tell that the account exists. The filler is paid here
// rather than by the caller: only the hasher knows which formats are cheap,
// and a caller running Waste after Verify would pay both in a row and be
// slower than Waste instead. Running the dummy Argon2id next to scrypt and
// waiting for both makes the cost max(scrypt, Argon2id), that of Waste,
// when a core is free beside the Argon2id threads; when every core is busy
// the two share them and the cost nears their sum, slower than Waste by
// the scrypt run. Both run in the caller's one slot: taking a second one
// could deadlock once every slot holder waits for another.
func (h *Hasher) verifyScrypt(ctx context.Context, encoded, password string) (bool, error) {
	salt, want, err := parseScrypt(encoded)
	if err != nil {
		return false, err
	}
	if err := h.acquire(ctx); err != nil {
		return false, err
	}
	defer h.release()
	pw := normalize(password)
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.dummy(pw)
	}()
	got, err := scryptKey(pw, salt)
	<-done
	if err != nil {
		return false, err
	}
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// NeedsRehash reports whether encoded should be replaced by a fresh
// [Hasher.Hash] after a successful verification: true for scrypt hashes,
// for Argon2id hashes whose memory, time, key or salt are smaller than
// this Hasher's, and for anything it cannot parse.
func (h *Hasher) NeedsRehash(encoded string) bool {
	p, salt, key, err := parseArgon(encoded)
	if err != nil {
		return true
	}
	cur := h.params()
	return p.memory < cur.memory || p.time < cur.time ||
		len(key) < keyLen || len(salt) < saltLen
}

// Waste does the work of a [Hasher.Verify] of an Argon2id hash with this
// Hasher's parameters and discards the result. Call it when the account
// does not exist, so that the response time does not tell which emails
// are registered.
//
// TODO(password): an Argon2id hash written with smaller parameters than
// this Hasher's verifies faster than Waste until its account signs in
// again and is rehashed, so its existence can be told from timing.
func (h *Hasher) Waste(ctx context.Context, password string) error {
	if err := h.acquire(ctx); err != nil {
		return err
	}
	defer h.release()
	h.dummy(normalize(password))
	return nil
}

// dummy runs Argon2id with the Hasher's parameters and discards the result;
// the caller holds a slot.
func (h *Hasher) dummy(password []byte) {
	// A fixed salt is enough: the result is never stored or compared
	// with anything secret.
	got := h.argon(h.params(), password, []byte("kernia-dummy-slt"))
	subtle.ConstantTimeCompare(got, make([]byte, keyLen))
}

func normalize(password string) []byte {
	return []byte(norm.NFKC.String(password))
}

// argon runs Argon2id; parameters were validated by the caller.
func (h *Hasher) argon(p argonParams, password, salt []byte) []byte {
	if h.onArgon != nil {
		h.onArgon(p)
	}
	return argon2.IDKey(password, salt, p.time, p.memory, p.threads, p.keyLen)
}
