// Used by bench/first-row.ts: Debian's Roundcube (1.6.5 in bookworm) on the bench's Dovecot, served by PHP's
// built-in server on 127.0.0.1 with its workers, from a temporary directory holding its configuration, sqlite
// database, logs and temp files. Installed only when BENCH_ROUNDCUBE=install (apt-get, as root).
// The router script plays the part of Apache + Roundcube's .htaccess: static files with Last-Modified and a
// month's max-age (so a reload revalidates or reuses them, as with Apache), and everything gzipped for a
// browser that accepts it (ob_gzhandler, as mod_deflate would).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@/scripts/free-port';

const ROOT = '/usr/share/roundcube';
const PACKAGES = ['roundcube-core', 'roundcube-sqlite3'];

export type Roundcube = { base: string; stop: () => Promise<void> };

const installed = () => existsSync(path.join(ROOT, 'index.php')) && spawnSync('php', ['-v']).status === 0;

/** Why Roundcube is not measured, or null when it can be. Installs it first when BENCH_ROUNDCUBE=install. */
export function roundcubeMissing(log: (message: string) => void): string | null {
  if (installed()) return null;
  if (process.env.BENCH_ROUNDCUBE !== 'install')
    return `Roundcube is not installed (BENCH_ROUNDCUBE=install runs apt-get install -y ${PACKAGES.join(' ')})`;
  log(`apt-get install -y ${PACKAGES.join(' ')}…`);
  const result = spawnSync('apt-get', ['install', '-y', ...PACKAGES], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0) return `apt-get install failed: ${result.stderr.trim().split('\n').at(-1)}`;
  return installed() ? null : 'Roundcube is still not usable after apt-get install';
}

const router = `<?php
// As mod_deflate would (Roundcube's bootstrap turns zlib.output_compression off, leaving it to the server).
ob_start('ob_gzhandler');
$path = rawurldecode(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH));
$file = '${ROOT}' . $path;
// Debian links jQuery and other libraries from /usr/share/javascript: followed, but no '..' is.
if (!str_contains($path, '..') && is_file($file) && !str_ends_with($file, '.php')) {
  $types = ['css' => 'text/css', 'js' => 'text/javascript', 'svg' => 'image/svg+xml', 'png' => 'image/png',
    'gif' => 'image/gif', 'ico' => 'image/x-icon', 'woff2' => 'font/woff2', 'woff' => 'font/woff', 'json' => 'application/json'];
  $modified = filemtime($file);
  header('Content-Type: ' . ($types[pathinfo($file, PATHINFO_EXTENSION)] ?? 'application/octet-stream'));
  header('Last-Modified: ' . gmdate('D, d M Y H:i:s', $modified) . ' GMT');
  header('Cache-Control: max-age=2592000');
  $since = $_SERVER['HTTP_IF_MODIFIED_SINCE'] ?? null;
  if ($since && strtotime($since) >= $modified) { http_response_code(304); return true; }
  readfile($file);
  return true;
}
chdir('${ROOT}');
require '${ROOT}/index.php';
`;

export async function startRoundcube(
  imap: { port: number },
  options: { caches: boolean; log: (message: string) => void },
): Promise<Roundcube> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-roundcube-'));
  for (const file of ['defaults.inc.php', 'mimetypes.php'])
    copyFileSync(path.join('/etc/roundcube', file), path.join(dir, file));
  const db = path.join(dir, 'roundcube.db');
  // Its caches are off by default; "with its caches" turns on the IMAP index and message caches in its database.
  const caches = options.caches
    ? "$config['imap_cache'] = 'db'; $config['messages_cache'] = true; $config['imap_cache_ttl'] = '10d'; $config['messages_cache_ttl'] = '10d';"
    : '';
  writeFileSync(
    path.join(dir, 'config.inc.php'),
    `<?php
$config = [];
$config['db_dsnw'] = 'sqlite:///${db}?mode=0640';
$config['imap_host'] = '127.0.0.1:${imap.port}';
$config['smtp_host'] = '';
$config['des_key'] = 'bench-roundcube-des-key!';
$config['temp_dir'] = '${dir}/';
$config['log_dir'] = '${dir}/';
$config['skin'] = 'elastic';
$config['plugins'] = [];
$config['enable_spellcheck'] = false;
// The bench signs in once per measured load, more often than the default 3 a minute.
$config['login_rate_limit'] = 0;
$config['session_lifetime'] = 60;
${caches}
`,
  );
  const init = spawnSync(
    'php',
    ['-r', `$db = new PDO('sqlite:${db}'); $db->exec(file_get_contents('${ROOT}/SQL/sqlite.initial.sql'));`],
    { encoding: 'utf8' },
  );
  if (init.status !== 0) throw new Error(`Roundcube's database could not be created: ${init.stderr}`);
  writeFileSync(path.join(dir, 'router.php'), router);
  const port = await freePort();
  const child: ChildProcess = spawn('php', ['-S', `127.0.0.1:${port}`, '-t', ROOT, path.join(dir, 'router.php')], {
    detached: true,
    stdio: 'ignore',
    // As many PHP workers as Apache would have ready for one visitor's parallel requests.
    env: { ...process.env, ROUNDCUBE_CONFIG_DIR: dir, PHP_CLI_SERVER_WORKERS: '4' },
  });
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3_000))]);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${base}/`)).ok) {
        options.log(`Roundcube (${options.caches ? 'with its caches' : 'default'}) on ${base}`);
        return { base, stop };
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error('Roundcube did not answer within 10 s');
}
