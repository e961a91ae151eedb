package audit

import "strings"

// Suggest returns the waivers followed by a planned waiver, with an empty
// reason for a person to write, for each unwaived missing item: one per
// plugin when Kernia does not register the plugin, one per item otherwise.
// Mismatches and extras get none: they are to be fixed, not waived. The
// result fails [ParseWaivers] until every reason is written.
func Suggest(r *Report, waivers []Waiver) []Waiver {
	out := append([]Waiver(nil), waivers...)
	seen := map[string]bool{}
	for _, w := range waivers {
		seen[w.Item] = true
	}
	for _, it := range r.Failures {
		if it.Status != Missing {
			continue
		}
		item := it.Key
		k, err := parseKey(it.Key)
		if err != nil {
			continue
		}
		if pluginMissing(r, k.owner) {
			item = itemKey{kind: kindPlugin, owner: k.owner}.String()
		}
		if !seen[item] {
			seen[item] = true
			out = append(out, Waiver{Item: item, Kind: Planned})
		}
	}
	return out
}

func pluginMissing(r *Report, owner string) bool {
	for _, p := range r.Plugins {
		if p.ID == owner {
			return p.Status == Missing
		}
	}
	return false
}

// FormatWaivers renders waivers as a waiver file, one entry per line so
// that reviews and diffs read line by line.
func FormatWaivers(ws []Waiver) []byte {
	b := &strings.Builder{}
	b.WriteString("{\n  \"waivers\": [\n")
	for i, w := range ws {
		b.WriteString("    {\"item\": " + quote(w.Item) + ", \"kind\": " + quote(string(w.Kind)) +
			", \"reason\": " + quote(w.Reason) + "}")
		if i < len(ws)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("  ]\n}\n")
	return []byte(b.String())
}
