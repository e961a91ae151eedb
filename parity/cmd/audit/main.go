// Command audit compares Kernia with Better Auth 1.6.11, item by item:
// every plugin, route, error code and schema field upstream has is either
// matched by Kernia, or waived in parity/waivers.json with a reason.
//
// Run it from the repository root:
//
//	go run ./parity/cmd/audit           a table per plugin, then totals
//	go run ./parity/cmd/audit -v        every item under its plugin
//	go run ./parity/cmd/audit -json     the report as JSON
//	go run ./parity/cmd/audit -suggest  the waiver file with entries added
//	                                    for every unwaived missing item
//
// It exits 1 on any unwaived difference or stale waiver and 2 when it
// cannot run.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/kernia-go/kernia/core"
	"github.com/kernia-go/kernia/parity/audit"
	"github.com/kernia-go/kernia/plugins/organization"
)

// firstPartyPlugins is the one list of Kernia's first-party plugins. Every
// plugin Kernia ships is registered here, so that the audit sees what
// Kernia serves with all of them enabled.
func firstPartyPlugins() []core.Plugin {
	return []core.Plugin{
		&organization.Plugin{Teams: organization.TeamOptions{Enabled: true},
			DynamicAccessControl: organization.DynamicAccessControl{Enabled: true}},
	}
}

// kerniaOptions enables everything core can serve: email and password,
// a mailer for the routes that send mail, and rate limits in the database
// (upstream's rateLimit model).
func kerniaOptions() core.Options {
	return core.Options{
		Secret:           "parity-audit-secret-0123456789abcdef",
		BaseURL:          "http://localhost:3000",
		EmailAndPassword: core.EmailAndPasswordOptions{Enabled: true},
		RateLimit:        core.RateLimitOptions{Storage: core.RateLimitDatabase},
		Mailer:           discardMailer{},
		Plugins:          firstPartyPlugins(),
	}
}

// discardMailer accepts every message and sends none.
type discardMailer struct{}

func (discardMailer) Send(context.Context, core.Message) error { return nil }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	fs.SetOutput(stderr)
	manifest := fs.String("manifest", "parity/manifest/upstream-1.6.11.json",
		"the upstream manifest")
	waivers := fs.String("waivers", "parity/waivers.json", "the waiver file")
	asJSON := fs.Bool("json", false, "write the report as JSON")
	verbose := fs.Bool("v", false, "list every item")
	suggest := fs.Bool("suggest", false,
		"write the waiver file with a planned entry added for each unwaived missing item")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	report, ws, err := audit.Run(kerniaOptions(), *manifest, *waivers)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	switch {
	case *suggest:
		_, err = stdout.Write(audit.FormatWaivers(audit.Suggest(report, ws)))
	case *asJSON:
		err = report.WriteJSON(stdout)
	default:
		err = report.WriteText(stdout, *verbose)
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	if !report.OK() && !*suggest {
		return 1
	}
	return 0
}
