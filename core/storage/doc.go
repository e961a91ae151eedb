// Package storage is Kernia's storage contract: the schema that core and
// plugins declare, the [DB] they call, and the [Adapter] interface a
// database backend implements.
//
// Two layers keep adapters small. A [DB] speaks logical names and Go
// values, and does the work every backend shares: making ids, applying
// defaults and on-update values, converting dates, booleans, JSON and
// arrays for databases that lack them, mapping logical names to tables and
// columns, dropping unknown fields, and emulating joins and find-and-delete
// where the adapter cannot do them. An [Adapter] gets physical names and
// converted values and speaks to one database.
//
// Writing an adapter means implementing the eight methods of [Adapter] and
// reporting [Capabilities]; [Transactor], [OneConsumer] and [Migrator] are
// optional extras found by type assertion. Run the conformance suite
// (github.com/kernia-go/kernia/conformance) from the adapter's tests to
// check it.
package storage
