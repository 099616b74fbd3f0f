/**
 * The V8 heap the hub runs in: `npm start` and the container's command pass
 * these flags, and the ingest bench starts its product with them.
 *
 * Left to itself V8 sizes the heap from the machine (GBs here) and, under a stream of short-lived
 * events, grows it rather than collect: the hub reached 600-900 MB resident at full ingest rate
 * while its live set stayed near 120 MB. The old-space budget makes it collect instead; small
 * young-generation semi-spaces keep each scavenge short and the nursery small. The live set
 * fits because every queue on the event path is bounded: what a connection's socket buffers
 * (embedded broker), the writer's batches in flight, and the rule engine's backlog.
 * A campus that keeps more in memory (large imports and reports at once) raises the budget
 * by running `node --max-old-space-size=<MB> …` itself (docs/deployment.md).
 */
export const OLD_SPACE_MB = 192;
export const SEMI_SPACE_MB = 4;
export const HUB_NODE_FLAGS: readonly string[] = [
  `--max-old-space-size=${OLD_SPACE_MB}`,
  `--max-semi-space-size=${SEMI_SPACE_MB}`,
];
