package audit

import "github.com/kernia-go/kernia/core"

// Run loads the manifest and the waivers, reads Kernia as built with
// opts, and compares them.
func Run(opts core.Options, manifestPath, waiverPath string) (*Report, []Waiver, error) {
	m, err := LoadManifest(manifestPath)
	if err != nil {
		return nil, nil, err
	}
	ws, err := LoadWaivers(waiverPath)
	if err != nil {
		return nil, nil, err
	}
	k, err := FromCore(opts)
	if err != nil {
		return nil, nil, err
	}
	return Compare(m, k, ws), ws, nil
}
