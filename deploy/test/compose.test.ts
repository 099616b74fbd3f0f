import { access, readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { HubConfigSchema } from '@campus/hub';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * No Docker engine runs in CI, so docker-compose.yml and the Dockerfile are checked for what
 * can be checked without one: referenced files exist, images are pinned, every variable a
 * service reads is set or documented, host ports do not clash within a profile, long-running
 * services have health checks, and no secret is written into the files.
 */

const ROOT = join(import.meta.dirname, '../..');
const read = (path: string) => readFile(join(ROOT, path), 'utf8');
const exists = (path: string) =>
  access(join(ROOT, path)).then(
    () => true,
    () => false,
  );

interface Service {
  image?: string;
  build?: { context: string; target?: string };
  profiles?: string[];
  restart?: string;
  environment?: Record<string, string | number | boolean>;
  ports?: string[];
  volumes?: string[];
  command?: string | string[];
  entrypoint?: string | string[];
  healthcheck?: { test: string | string[] };
  depends_on?: Record<string, { condition: string; required?: boolean }>;
  networks?: Record<string, { aliases?: string[] }>;
}

interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const composeText = await read('docker-compose.yml');
const compose = parse(composeText, { merge: true }) as Compose;
const services = Object.entries(compose.services);
const envExample = await read('.env.example');
const documented = new Map(
  [...envExample.matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((match) => [match[1] ?? '', (match[2] ?? '').trim()]),
);

/** Resolves ${VAR:-default} / ${VAR:?message} / ${VAR} to the default (or '' when none). */
function withDefaults(text: string): string {
  return text.replace(
    /\$\{([A-Z0-9_]+)(?::-([^}]*)|:\?[^}]*)?\}/g,
    (_all, _name: string, fallback: string | undefined) => fallback ?? '',
  );
}

/** A bind mount's host path, or undefined for a named volume. */
function bindMount(volume: string): { source: string; target: string } | undefined {
  const [source = '', target = ''] = volume.split(':');
  if (!source.startsWith('.') && !source.startsWith('/') && !source.startsWith('$')) return undefined;
  return { source, target };
}

function active(profiles: string[]): Array<[string, Service]> {
  return services.filter(([, service]) => !service.profiles || service.profiles.some((profile) => profiles.includes(profile)));
}

describe('docker-compose.yml', () => {
  it('has the deployment shape: TimescaleDB, Grafana, Prometheus, one hub (single), broker + Redis + two hubs (split)', () => {
    expect(active(['single']).map(([name]) => name)).toEqual(
      expect.arrayContaining(['timescaledb', 'hub', 'grafana', 'prometheus', 'db-grants']),
    );
    expect(active(['split']).map(([name]) => name)).toEqual(expect.arrayContaining(['mosquitto', 'redis', 'hub-a', 'hub-b']));
    expect(active(['split']).map(([name]) => name)).not.toContain('hub');
    expect(compose.services.timescaledb?.image).toMatch(/^timescale\/timescaledb-ha:/);
    expect(compose.services.grafana?.image).toMatch(/^grafana\/grafana:/);
    for (const name of ['hub-a', 'hub-b']) {
      expect(compose.services[name]?.environment?.MQTT_URL, name).toBe('mqtt://mosquitto:1883');
      expect(compose.services[name]?.environment?.MQTT_SHARE_GROUP, name).toBe('campus-gateways');
    }
  });

  it('pins every image to a version (built images are tagged from this checkout)', () => {
    for (const [name, service] of services) {
      if (service.build) {
        expect(service.image, name).toMatch(/:\$\{CAMPUS_VERSION:-local\}$/);
        continue;
      }
      const tag = service.image?.split(':')[1] ?? '';
      expect(tag, `${name}: ${service.image}`).toMatch(/\d/);
      expect(tag, name).not.toMatch(/latest/);
    }
  });

  it('references only files that exist', async () => {
    for (const [name, service] of services) {
      if (service.build) {
        expect(await exists(join(service.build.context, 'Dockerfile')), name).toBe(true);
        const dockerfile = await read(join(service.build.context, 'Dockerfile'));
        expect(dockerfile, `${name}: target ${service.build.target}`).toMatch(
          new RegExp(`^FROM \\S+ AS ${service.build.target}$`, 'm'),
        );
      }
      const mounts = (service.volumes ?? []).map(bindMount).filter((mount) => mount !== undefined);
      for (const mount of mounts) {
        if (mount.source.startsWith('${')) {
          // An operator-chosen directory (Docker creates it): its variable must be documented.
          expect(documented.has(/\$\{([A-Z0-9_]+)/.exec(mount.source)?.[1] ?? ''), `${name}: ${mount.source}`).toBe(true);
          continue;
        }
        expect(await exists(mount.source), `${name}: ${mount.source}`).toBe(true);
      }
      // Paths the container runs that come from a bind mount must exist on the host side.
      const words = [service.command, service.entrypoint, service.healthcheck?.test]
        .flat()
        .filter((word) => typeof word === 'string');
      for (const word of words) {
        for (const mount of mounts) {
          if (word.startsWith(`${mount.target}/`)) {
            const hostPath = posix.join(mount.source, word.slice(mount.target.length));
            expect(await exists(hostPath), `${name}: ${word} → ${hostPath}`).toBe(true);
          }
        }
      }
    }
    // Grafana loads the dashboards from where compose mounts them, and its home dashboard exists.
    const provider = parse(await read('grafana/provisioning/dashboards/campus.yaml')) as {
      providers: Array<{ options: { path: string } }>;
    };
    const grafana = compose.services.grafana;
    const dashboards = (grafana?.volumes ?? []).map(bindMount).find((mount) => mount?.source === './grafana/dashboards');
    expect(provider.providers[0]?.options.path).toBe(dashboards?.target);
    const home = String(grafana?.environment?.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH);
    expect(await exists(join('grafana/dashboards', posix.relative(dashboards?.target ?? '', home)))).toBe(true);
    // The Mosquitto files are generated by the devices CLI this file and the docs point to.
    expect(await exists('gateway/src/cli/devices.ts')).toBe(true);
  });

  it('sets or documents every variable the services read', async () => {
    // Everything compose interpolates is documented in .env.example.
    for (const match of composeText.matchAll(/\$\{([A-Z0-9_]+)/g)) {
      expect(documented.has(match[1] ?? ''), `${match[1]} is not in .env.example`).toBe(true);
    }
    // The hubs get only variables the hub validates (hub/src/config.ts, docs/configuration.md).
    const known = new Set(Object.keys(HubConfigSchema.properties));
    for (const [name, service] of services.filter(([, service]) => service.build?.target === 'hub')) {
      for (const key of Object.keys(service.environment ?? {})) expect(known.has(key), `${name}: ${key}`).toBe(true);
      expect(String(service.environment?.DATABASE_URL), name).toMatch(
        /^postgres:\/\/postgres:\$\{POSTGRES_PASSWORD:\?[^}]*\}@timescaledb:5432\/campus$/,
      );
    }
    expect(compose.services.timescaledb?.environment?.POSTGRES_DB).toBe('campus');
    // Grafana: its provisioning reads exactly the GRAFANA_* variables the service sets.
    // Grafana expands $VAR in the parsed values, so comments do not count.
    const provisioning = [
      await read('grafana/provisioning/datasources/campus.yaml'),
      await read('grafana/provisioning/dashboards/campus.yaml'),
    ]
      .join('\n')
      .split('\n')
      .filter((line) => !line.trim().startsWith('#'))
      .join('\n');
    const used = new Set([...provisioning.matchAll(/\$\{?([A-Z][A-Z0-9_]*)/g)].map((match) => match[1]));
    const grafanaEnv = compose.services.grafana?.environment ?? {};
    for (const variable of used) expect(Object.keys(grafanaEnv), `grafana needs ${variable}`).toContain(variable);
    for (const key of Object.keys(grafanaEnv).filter((key) => key.startsWith('GRAFANA_'))) expect(used.has(key), key).toBe(true);
    // The role db-grants creates is the one Grafana logs in as.
    expect(compose.services['db-grants']?.environment?.GRAFANA_DB_USER).toBe(grafanaEnv.GRAFANA_DB_USER);
    const grantsScript = await read('deploy/timescaledb/db-grants.sh');
    for (const key of ['GRAFANA_DB_USER', 'GRAFANA_DB_PASSWORD']) expect(grantsScript).toContain(key);
    // The backup tool reads DATABASE_URL, DATA_DIR, BACKUP_DIR, PG_BIN (scripts/backup/backup.ts).
    const backupCli = await read('scripts/backup/backup.ts');
    for (const key of Object.keys(compose.services.backup?.environment ?? {})) expect(backupCli, key).toContain(key);
  });

  it('keeps secrets out of the repository: passwords come from .env, documented empty', async () => {
    for (const [name, service] of services) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (/PASSWORD|SECRET|TOKEN/.test(key)) expect(String(value), `${name}: ${key}`).toMatch(/^\$\{[A-Z0-9_]+:[?-][^}]*\}$/);
      }
    }
    for (const [key, value] of documented) {
      if (/PASSWORD|SECRET|TOKEN/.test(key)) expect(value, `.env.example must not hold a ${key}`).toBe('');
    }
    const ignore = await read('.dockerignore');
    expect(ignore.split('\n')[1]?.trim() ?? ignore, '.dockerignore starts by excluding everything').toBe('**');
    expect(ignore).not.toMatch(/^!\.env/m);
    expect(await read('.gitignore')).toMatch(/^\.env$/m);
  });

  it('gives no two services the same host port within a profile', () => {
    for (const profiles of [['single'], ['split'], ['single', 'backup'], ['split', 'backup']]) {
      const seen = new Map<string, string>();
      for (const [name, service] of active(profiles)) {
        for (const port of service.ports ?? []) {
          const parts = withDefaults(port).split(':');
          const hostPort = parts.length === 3 ? parts[1] : parts[0];
          const key = `${hostPort}`;
          expect(seen.get(key), `${profiles.join('+')}: ${name} and ${seen.get(key)} both publish ${key}`).toBeUndefined();
          seen.set(key, name);
        }
      }
    }
  });

  it('health-checks every long-running service', () => {
    for (const [name, service] of services) {
      if (service.restart === 'no') continue;
      expect(service.healthcheck?.test, name).toBeDefined();
    }
  });

  it('lets Prometheus find every hub through the alias it scrapes', async () => {
    const prometheus = parse(await read('deploy/prometheus/prometheus.yml')) as {
      scrape_configs: Array<{
        job_name: string;
        metrics_path?: string;
        dns_sd_configs?: Array<{ names: string[]; port: number }>;
      }>;
    };
    const job = prometheus.scrape_configs.find((config) => config.job_name === 'campus-hub');
    expect(job?.metrics_path).toBe('/metrics');
    const alias = job?.dns_sd_configs?.[0]?.names[0];
    for (const [name, service] of services.filter(([, service]) => service.build?.target === 'hub')) {
      expect(service.networks?.default?.aliases, name).toContain(alias);
    }
    expect(job?.dns_sd_configs?.[0]?.port).toBe(8080);
  });
});

describe('Dockerfile', () => {
  it('builds a small non-root hub image on a pinned Node 24 slim base, with a health check', async () => {
    const dockerfile = await read('Dockerfile');
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24\.\d+\.\d+-\w+-slim$/m);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    const stages = dockerfile.split(/^FROM /m);
    const hub = stages.at(-1) ?? '';
    expect(hub, 'the hub is the default (last) target').toMatch(/^runtime AS hub/);
    const runtime = stages.find((stage) => /^\S+ AS runtime/.test(stage)) ?? '';
    expect(runtime).toMatch(/^USER node$/m);
    expect(hub).toMatch(/^EXPOSE 8080 1883 9001$/m);
    expect(hub).toMatch(/^HEALTHCHECK .*\n?.*\/healthz/m);
    // The heap budget's flags come first (exactly which: hub/test/process.test.ts).
    expect(hub).toMatch(/CMD \["node", ("--[^"]+", )+"hub\/src\/main\.ts"\]/);
    expect(dockerfile).not.toMatch(/^ENV .*(PASSWORD|SECRET|TOKEN)/m);
  });

  it('copies only files that exist and that .dockerignore lets in', async () => {
    const dockerfile = await read('Dockerfile');
    const ignore = (await read('.dockerignore')).split('\n').filter((line) => line.startsWith('!'));
    for (const match of dockerfile.matchAll(/^COPY (?!--from)(.+)$/gm)) {
      const parts = (match[1] ?? '').trim().split(/\s+/);
      for (const source of parts.slice(0, -1)) {
        expect(await exists(source), source).toBe(true);
        const allowed = ignore.some((rule) => {
          const pattern = rule.slice(1).replace(/\/\*\*$/, '');
          return source === pattern || source.startsWith(`${pattern}/`) || pattern.startsWith(`${source}/`);
        });
        expect(allowed, `${source} is excluded by .dockerignore`).toBe(true);
      }
    }
  });
});
