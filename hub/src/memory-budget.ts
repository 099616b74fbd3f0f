/**
 * The V8 heap the hub runs in: `npm start` and the container's command pass these flags, and
 * the ingest bench starts its product with them.
 *
 * Left to itself V8 sizes the heap from the machine (GBs here) and, under a stream of short-lived
 * events, grows it rather than collect: the hub reached 600-900 MB resident at full ingest rate
 * while its live set stayed near 100 MB. The old-space budget makes it collect instead; a
 * fixed growing factor (the next full collection when the heap is 1.5x what survived the last,
 * where V8 would otherwise allow up to 4x) and small young-generation semi-spaces keep the
 * heap close to what is live. The factor is the price: at 1.25x the full collections ran so
 * often that their background threads took the second core from the event loop (QoS 1 ingest
 * 19,700-23,000 events/s against 26,500-29,300 at 1.5x with a 176 MB old space, peak RSS the
 * same 277-311 MB; docs/benchmarks.md). The live set fits because
 * every queue on the event path is bounded: what a connection's socket buffers (embedded
 * broker), the writer's batches in flight, the rule engine's backlog, the live channel's
 * journal. A campus that keeps more in memory at once raises the budget by running
 * `node --max-old-space-size=<MB> ...` itself (docs/deployment.md).
 */
export const OLD_SPACE_MB = 176;
export const HUB_NODE_FLAGS: readonly string[] = [
  `--max-old-space-size=${OLD_SPACE_MB}`,
  '--max-semi-space-size=2',
  '--heap-growing-percent=50',
];
