#!/usr/bin/env node
// The system packages the tests need (build/system-packages.txt). `check`: one message naming the missing ones;
// `install`: apt-get installs only those; `all`: install, `npm ci`, `npm test`. Built-ins only: it runs before `npm ci`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const installCommand = 'npm run test:deps';

export function neededPackages() {
  const lines = readFileSync(new URL('./system-packages.txt', import.meta.url), 'utf8').split('\n');
  return lines.map((line) => line.trim()).filter((line) => line && !line.startsWith('#')).map((line) => line.split(/\s+/)[0]);
}

/** The needed packages dpkg does not list as installed. VOXBENCH_DPKG_ADMINDIR: another dpkg database (tests). */
export function missingPackages(packages = neededPackages()) {
  const admindir = process.env.VOXBENCH_DPKG_ADMINDIR;
  const args = [...(admindir ? [`--admindir=${admindir}`] : []), '-W', '-f=${Package} ${Status}\n', ...packages];
  const result = spawnSync('dpkg-query', args, { encoding: 'utf8' });
  if (result.error) throw new Error(`dpkg-query could not run (${result.error.code}): the tests need Debian or Ubuntu with these packages: ${packages.join(' ')}`);
  // "hold ok installed" counts too; unknown packages appear only on stderr.
  const installed = new Set(result.stdout.split('\n').filter((line) => / ok installed$/.test(line)).map((line) => line.split(' ')[0]));
  return packages.filter((name) => !installed.has(name));
}

function missingMessage(missing) {
  return `The tests need ${missing.length === 1 ? 'a Debian package that is' : 'Debian packages that are'} not installed: ${missing.join(' ')}\n` +
    `Install ${missing.length === 1 ? 'it' : 'them'} with: ${installCommand}   (or npm run test:all: that, then npm ci and npm test)`;
}

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function check() {
  const missing = missingPackages();
  if (missing.length) {
    console.error(missingMessage(missing));
    process.exit(1);
  }
}

function install() {
  const missing = missingPackages();
  if (!missing.length) return console.log('system packages: every one the tests need is installed');
  console.log(`system packages: installing ${missing.join(' ')}`);
  const asRoot = process.getuid?.() === 0 ? [] : ['sudo'];
  const apt = [...asRoot, 'env', `DEBIAN_FRONTEND=${process.env.DEBIAN_FRONTEND ?? 'noninteractive'}`, 'apt-get'];
  run(apt[0], [...apt.slice(1), 'update', '-qq']);
  run(apt[0], [...apt.slice(1), 'install', '-y', '-qq', '--no-install-recommends', ...missing]);
  const left = missingPackages();
  if (left.length) {
    console.error(`apt-get did not install: ${left.join(' ')} (is this Debian 12 or an Ubuntu with these packages?)`);
    process.exit(1);
  }
}

const actions = {
  check,
  install,
  all() {
    install();
    run('npm', ['ci', '--no-audit', '--no-fund']);
    run('npm', ['test']);
  },
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const action = actions[process.argv[2]];
  if (!action) {
    console.error('Usage: node build/test-deps.mjs check | install | all');
    process.exit(2);
  }
  try {
    action();
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
