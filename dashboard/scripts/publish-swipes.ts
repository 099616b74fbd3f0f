/**
 * Publishes swipes at a fixed rate from its own process (so the load does not share the hub's
 * event loop): node publish-swipes.ts <mqttPort> <perSecond> <seconds>. Prints one JSON line.
 */
import mqtt from 'mqtt';

const [port, rate, seconds] = process.argv.slice(2).map(Number);
if (!port || !rate || !seconds) throw new Error('usage: publish-swipes.ts <mqttPort> <perSecond> <seconds>');
const GATES = ['gate-01', 'gate-02', 'gate-03', 'gate-04'];
const clients = await Promise.all(
  GATES.map((id) =>
    mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
      clientId: `${id}-budget-${process.pid}`,
      username: id,
      password: `demo-${id}-secret`,
      reconnectPeriod: 0,
    }),
  ),
);
let sent = 0;
let acked = 0;
let failed = 0;
let lastAckAt = 0;
const started = Date.now();
await new Promise<void>((resolve) => {
  const timer = setInterval(() => {
    const elapsed = Date.now() - started;
    const due = Math.min(Math.floor((elapsed / 1000) * rate), rate * seconds);
    while (sent < due) {
      const n = sent++;
      const gate = GATES[n % GATES.length] ?? 'gate-01';
      clients[n % clients.length]
        ?.publishAsync(
          `campus/main/gate/${gate}/swipe`,
          JSON.stringify({
            eventId: `budget-${process.pid}-${n}`,
            ts: new Date().toISOString(),
            cardId: `B${n % 5000}`,
            direction: n % 2 ? 'in' : 'out',
            result: n % 50 ? 'granted' : 'denied',
          }),
          { qos: 1 },
        )
        .then(
          () => {
            acked++;
            lastAckAt = Date.now();
          },
          () => failed++,
        );
    }
    if (sent >= rate * seconds) {
      clearInterval(timer);
      resolve();
    }
  }, 5);
});
const publishSeconds = (Date.now() - started) / 1000;
const deadline = Date.now() + 120_000;
while (acked + failed < sent && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
const ackedInTime = acked;
const ackSeconds = ((lastAckAt || Date.now()) - started) / 1000;
for (const client of clients) await client.endAsync();
process.stdout.write(`${JSON.stringify({ sent, acked: ackedInTime, failed, publishSeconds, ackSeconds })}\n`);
