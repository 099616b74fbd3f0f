import { runDevicesCli } from './run.ts';

// Entry point of `npm run devices -- <command>`; everything else lives in run.ts.
// `npm run devices -- list | head` closes our stdout early: that is not an error worth a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
});

process.exitCode = await runDevicesCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
});
