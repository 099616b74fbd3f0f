import { readdirSync, readFileSync } from 'node:fs';

/** CPU time and peak memory of processes on this Linux machine, read from /proc. */

// USER_HZ is 100 on every Linux build this bench targets (x86_64, arm64).
const MS_PER_TICK = 10;

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function statCpuMs(stat: string): number {
  // Fields after the command name (which may contain spaces) start at field 3 (state);
  // utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
}

export function cpuMsOfPid(pid: number): number {
  const stat = read(`/proc/${pid}/stat`);
  return stat ? statCpuMs(stat) : 0;
}

/**
 * CPU used so far by the PostgreSQL server for one database: its background processes plus
 * the backends connected to `database` (a backend's title is `postgres: … user database host(port) …`).
 * Without a database, only the background processes.
 */
export function postgresCpuMs(database: string | undefined): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = read(`/proc/${entry}/stat`);
    if (!stat?.includes('(postgres)')) continue;
    const title = read(`/proc/${entry}/cmdline`)?.replaceAll('\0', ' ') ?? '';
    const backend = /\(\d+\)|\[local\]/.test(title);
    if (!backend || (database !== undefined && title.includes(` ${database} `))) total += statCpuMs(stat);
  }
  return total;
}

/** CPU time the whole machine has been busy (all cores, all processes). */
export function machineBusyMs(): number {
  const fields = (read('/proc/stat') ?? '').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return (user + nice + system + irq + softirq + steal) * MS_PER_TICK;
}

export function peakRssKbOfPid(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(read(`/proc/${pid}/status`) ?? '');
  return match ? Number(match[1]) : 0;
}
