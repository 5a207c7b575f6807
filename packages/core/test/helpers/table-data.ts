/**
 * A table as plain data without its import provenance — where each value was read (`source`),
 * the form the importer recognised (`form`) and generated row ids — so that a table read back from
 * an export compares equal to the one exported. One definition for every round-trip test.
 */
export const withoutProvenance = <T>(t: T): T => JSON.parse(JSON.stringify(t, (k, v) => (k === 'source' || k === 'form' || k === 'id' ? undefined : v)));
