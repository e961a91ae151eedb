package bun

import (
	"fmt"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/uptrace/bun/dialect"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// sqliteParams are added to SQLite DSNs that do not set them. The busy
// timeout lets concurrent writers wait instead of failing with
// SQLITE_BUSY; immediate transactions take the write lock at BEGIN, so a
// transaction that reads then writes cannot fail to upgrade its lock.
var sqliteParams = []struct{ key, value string }{
	{"_pragma=busy_timeout", "_pragma=busy_timeout(10000)"},
	{"_pragma=foreign_keys", "_pragma=foreign_keys(1)"},
	{"_pragma=journal_mode", "_pragma=journal_mode(WAL)"},
	{"_pragma=synchronous", "_pragma=synchronous(NORMAL)"},
	{"_txlock=", "_txlock=immediate"},
}

// prepareDSN returns the database/sql driver name and the DSN completed
// with the settings the adapter relies on.
func prepareDSN(name dialect.Name, dsn string) (driver, out string, err error) {
	switch name {
	case dialect.PG:
		return "pgx", dsn, nil
	case dialect.MySQL:
		cfg, err := mysql.ParseDSN(dsn)
		if err != nil {
			return "", "", fmt.Errorf("bun: mysql dsn: %w", err)
		}
		cfg.ParseTime = true
		cfg.Loc = time.UTC
		if cfg.Params == nil {
			cfg.Params = map[string]string{}
		}
		if _, ok := cfg.Params["time_zone"]; !ok {
			cfg.Params["time_zone"] = "'+00:00'"
		}
		return "mysql", cfg.FormatDSN(), nil
	}
	var extra []string
	for _, p := range sqliteParams {
		if !strings.Contains(dsn, p.key) {
			extra = append(extra, p.value)
		}
	}
	if len(extra) == 0 {
		return "sqlite", dsn, nil
	}
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return "sqlite", dsn + sep + strings.Join(extra, "&"), nil
}

// isMemoryDSN reports whether a SQLite DSN names a private in-memory
// database.
func isMemoryDSN(dsn string) bool {
	if strings.Contains(dsn, "cache=shared") {
		return false
	}
	return strings.HasPrefix(dsn, ":memory:") || strings.HasPrefix(dsn, "file::memory:") ||
		strings.Contains(dsn, "mode=memory")
}
