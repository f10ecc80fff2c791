import { PageHeader } from '@/components/page-header';
import { EventsUpload } from '@/components/scoring/events-upload';
import { Leaderboard } from '@/components/scoring/leaderboard';
import { RulesEditor } from '@/components/scoring/rules-editor';
import { pageViewer, STAFF } from '@/lib/auth/page-viewer';
import { leaderboard, listScoringRules } from '@/lib/scoring/scoring';
import { timeFormatter } from '@/lib/time/app-time';

export const metadata = { title: 'Scoring' };

export default async function ScoringPage() {
  const showTime = await timeFormatter();
  const viewer = await pageViewer(STAFF);
  const [{ rules, version, lastJob }, top] = await Promise.all([listScoringRules(viewer), leaderboard(viewer, 15)]);
  return (
    <>
      <PageHeader title="Scoring" description="A lead's score replays its events, in event time, under these rules." />
      <div className="grid gap-8 xl:grid-cols-[2fr_1fr]">
        <section>
          <RulesEditor version={version} initial={rules.map(({ version: _v, ...rule }) => rule)} />
          {lastJob ? (
            <p className="mt-2 text-xs text-slate-500">
              Last re-score: version {lastJob.rules_version}, {lastJob.processed}/{lastJob.total} leads, {lastJob.changed} changed,
              started {showTime(lastJob.started_at)}{lastJob.finished_at ? '' : ' (unfinished)'}.
            </p>
          ) : null}
          <h2 className="mb-2 mt-8 text-sm font-semibold text-slate-700">Upload events (CSV)</h2>
          <EventsUpload />
        </section>
        <section>
          <h2 className="mb-2 text-sm font-semibold text-slate-700">Leaderboard</h2>
          <Leaderboard rows={top.map((row) => ({ id: row.id, name: [row.first_name, row.last_name].filter(Boolean).join(' ') || 'Unnamed', state: row.state, status: row.status, score: row.score }))} />
        </section>
      </div>
    </>
  );
}
