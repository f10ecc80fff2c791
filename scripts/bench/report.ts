import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../lib/paths';
import type { Figure, Target } from './figures';
import type { Profile } from './profile';

const RESULTS_DIR = path.join(ROOT, 'bench/results');

export interface Machine {
  date: string;
  profile: Profile['name'];
  cores: number;
  cpu: string;
  memoryGiB: number;
  node: string;
  postgres: string;
  os: string;
  /** Other work on the machine skews every figure: the 1-minute load average as the run began. */
  loadAverage: number;
  commit: string;
}

export function describeMachine(profile: Profile, postgresVersion: string, loadAverage: number): Machine {
  return {
    date: new Date().toISOString(),
    profile: profile.name,
    cores: os.availableParallelism(),
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    postgres: `PostgreSQL ${postgresVersion} (embedded, fsync on)`,
    os: `${os.type()} ${os.release()}`,
    loadAverage,
    commit: gitCommit(),
  };
}

// Which code the figures are of: the commit, and whether the tree had changes on top of it.
function gitCommit(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
    return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain') ? ' + uncommitted changes' : ''}`;
  } catch {
    return 'unknown';
  }
}

function header(machine: Machine): string[] {
  return [
    `LeadOps bench (${machine.profile}), ${machine.date}`,
    `${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.postgres}, ${machine.os}, commit ${machine.commit}`,
    `Load average when the run began: ${machine.loadAverage.toFixed(2)} (anything else running skews every figure).`,
    'Loopback, one run, this machine: the load generator, Next.js and PostgreSQL share these cores; compare runs on the same machine only.',
    ...(machine.profile === 'quick' ? ['Quick run: smaller counts and shorter runs; size-bound targets are scaled to the sizes run.'] : []),
  ];
}

/** The figures as one table per scenario, for the terminal. */
export function printReport(machine: Machine, figures: Figure[]): void {
  console.log(`\n${header(machine).join('\n')}\n`);
  const rows = figures.map((f) => [f.name, formatValue(f), ...latencyCells(f), formatTarget(f.target, f.unit), f.verdict]);
  const titles = ['Figure', 'Value', 'p50 ms', 'p95 ms', 'p99 ms', 'Target', 'Result'];
  const widths = titles.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 || i >= 5 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  let scenario = '';
  figures.forEach((f, i) => {
    if (f.scenario !== scenario) {
      scenario = f.scenario;
      console.log(`\n${scenario}\n${line(titles)}`);
    }
    console.log(line(rows[i]!));
    if (f.detail) console.log(`    ${f.detail}`);
  });
}

export async function writeReport(machine: Machine, figures: Figure[]): Promise<{ json: string; markdown: string }> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const json = path.join(RESULTS_DIR, 'latest.json');
  const markdown = path.join(RESULTS_DIR, 'latest.md');
  await writeFile(json, `${JSON.stringify({ machine, figures }, null, 2)}\n`);
  const lines = [`# ${header(machine)[0]}`, '', ...header(machine).slice(1).map((text) => `${text}  `), ''];
  let scenario = '';
  for (const f of figures) {
    if (f.scenario !== scenario) {
      scenario = f.scenario;
      lines.push('', `## ${scenario}`, '', '| Figure | Value | p50 ms | p95 ms | p99 ms | Target | Result | Detail |', '| --- | ---: | ---: | ---: | ---: | --- | --- | --- |');
    }
    const cells = [f.name, formatValue(f), ...latencyCells(f), formatTarget(f.target, f.unit), f.verdict, f.detail ?? ''];
    lines.push(`| ${cells.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`);
  }
  await writeFile(markdown, `${lines.join('\n')}\n`);
  return { json, markdown };
}

function formatNumber(value: number, unit: string): string {
  const digits = unit === '×' ? 2 : unit === 's' ? (value < 10 ? 2 : 1) : value < 10 && unit !== 'rows' ? 1 : 0;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function formatValue(f: Figure): string {
  if (f.value === null) return '—';
  return `${formatNumber(f.value, f.unit)} ${f.unit}`.trimEnd();
}

function latencyCells(f: Figure): string[] {
  if (!f.latency) return ['', '', ''];
  return [f.latency.p50, f.latency.p95, f.latency.p99].map((ms) => formatNumber(ms, 'ms'));
}

function formatTarget(target: Target | undefined, unit: string): string {
  if (!target) return '';
  if (target.on === 'p99') return `p99 ≤ ${target.limit} ms`;
  const op = target.op === '>=' ? '≥' : target.op === '<=' ? '≤' : '=';
  return `${op} ${formatNumber(target.limit, unit)}${unit === '×' ? '×' : ` ${unit}`}`;
}
