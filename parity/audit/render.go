package audit

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("audit: encode report: %w", err)
	}
	return nil
}

// WriteText writes the report for a terminal: a table per plugin, the
// failures, the stale waivers and the totals last. With verbose, every
// item is listed under its plugin.
func (r *Report) WriteText(w io.Writer, verbose bool) error {
	b := &strings.Builder{}
	fmt.Fprintf(b, "Kernia parity with Better Auth %s\n", r.BetterAuth)
	fmt.Fprintf(b, "counts are ported/planned/not-applicable/failing\n\n")
	tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "plugin\tpackage\tplugin status\troutes\terrors\tfields")
	for _, p := range r.Plugins {
		st := string(p.Status)
		if st == "" {
			st = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", p.ID, p.Package, st,
			p.Routes, p.Errors, p.Fields)
	}
	tw.Flush()
	if verbose {
		writeItems(b, r.Plugins)
	}
	writeFailures(b, r)
	b.WriteString("\n" + r.Totals.String())
	_, err := io.WriteString(w, b.String())
	return err
}

// String renders the counts as ported/planned/not-applicable/failing.
func (c Counts) String() string {
	return fmt.Sprintf("%d/%d/%d/%d", c.Ported, c.Planned, c.NotApplicable, c.Failing)
}

func writeItems(b *strings.Builder, plugins []PluginReport) {
	for _, p := range plugins {
		fmt.Fprintf(b, "\n%s\n", p.ID)
		for _, src := range p.Sources {
			fmt.Fprintf(b, "  %-15s %s\n", "upstream source", src)
		}
		for _, it := range p.Items {
			fmt.Fprintf(b, "  %-15s %s", it.Status, it.Key)
			if it.Detail != "" {
				fmt.Fprintf(b, " (%s)", it.Detail)
			}
			// A plugin waiver's reason is shown once, on the plugin item.
			if it.Waiver == it.Key {
				fmt.Fprintf(b, ": %s", it.Reason)
			}
			b.WriteString("\n")
		}
	}
}

func writeFailures(b *strings.Builder, r *Report) {
	if len(r.Failures) > 0 {
		fmt.Fprintf(b, "\nunwaived differences (%d):\n", len(r.Failures))
		for _, it := range r.Failures {
			fmt.Fprintf(b, "  %-9s %s", it.Status, it.Key)
			if it.Detail != "" {
				fmt.Fprintf(b, ": %s", it.Detail)
			}
			b.WriteString("\n")
		}
	}
	if len(r.Stale) > 0 {
		fmt.Fprintf(b, "\nstale waivers (%d):\n", len(r.Stale))
		for _, s := range r.Stale {
			fmt.Fprintf(b, "  %s: %s\n", s.Item, s.Why)
		}
	}
}

// String renders the totals as the closing lines of the text report.
func (t Totals) String() string {
	line := func(name string, c Counts) string {
		return fmt.Sprintf("%-8s %4d ported, %4d planned, %3d not applicable, %3d failing\n",
			name, c.Ported, c.Planned, c.NotApplicable, c.Failing)
	}
	s := "totals:\n" + line("plugins", t.Plugins) + line("routes", t.Routes) +
		line("errors", t.Errors) + line("fields", t.Fields)
	verdict := "PASS"
	if t.Failing > 0 || t.Stale > 0 {
		verdict = "FAIL"
	}
	return s + fmt.Sprintf("result: %s (%d unwaived differences, %d stale waivers)\n",
		verdict, t.Failing, t.Stale)
}

// quote renders s as a JSON string without escaping <, > and &.
func quote(s string) string {
	b := &strings.Builder{}
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return `""` // a Go string always encodes
	}
	return strings.TrimSuffix(b.String(), "\n")
}
