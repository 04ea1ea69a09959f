import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import type { ExtensionView, ReportView, UrgeView } from '../../../core/api/contract';
import { zh } from '../../i18n/zh-CN';
import { chineseDate, chineseDateTime } from '../../lib/dates';
import { PhotoGrid } from '../PhotoGrid';
import './index.scss';

type Entry =
  | { kind: 'report'; at: string; report: ReportView }
  | { kind: 'extension'; at: string; extension: ExtensionView }
  | { kind: 'urge'; at: string; urge: UrgeView };

/** Every step on a task, newest first: reports with their photos and review, extensions, urges (留痕). */
export function Timeline({
  reports,
  extensions,
  urges,
  renderReportActions,
}: {
  reports: ReportView[];
  extensions: ExtensionView[];
  urges: UrgeView[];
  renderReportActions?(report: ReportView): ReactNode;
}) {
  const entries: Entry[] = [
    ...reports.map((r) => ({ kind: 'report' as const, at: r.createdAt, report: r })),
    ...extensions.map((e) => ({ kind: 'extension' as const, at: e.createdAt, extension: e })),
    ...urges.map((u) => ({ kind: 'urge' as const, at: u.createdAt, urge: u })),
  ].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));

  if (entries.length === 0) return <Text className="timeline__empty">{zh.task.noTimeline}</Text>;

  return (
    <View className="timeline">
      {entries.map((e) => {
        if (e.kind === 'report')
          return <ReportEntry key={`r${e.report.id}`} report={e.report} actions={renderReportActions?.(e.report)} />;
        if (e.kind === 'extension') return <ExtensionEntry key={`e${e.extension.id}`} extension={e.extension} />;
        return <UrgeEntry key={`u${e.urge.id}`} urge={e.urge} />;
      })}
    </View>
  );
}

function ReportEntry({ report, actions }: { report: ReportView; actions?: ReactNode }) {
  const reviewWord =
    report.review === 'accepted'
      ? zh.task.reviewAccepted
      : report.review === 'returned'
        ? zh.task.reviewReturned
        : report.review === 'pending'
          ? zh.task.reviewPending
          : null;
  return (
    <View className={`timeline__item timeline__item--report timeline__item--${report.review}`}>
      <View className="timeline__dot" />
      <View className="timeline__body">
        <View className="timeline__head">
          <Text className="timeline__who">
            {zh.task.reportBy(report.unitName, report.authorName ?? zh.common.unknownPerson)}
          </Text>
          <Text className="timeline__when">{chineseDateTime(report.createdAt)}</Text>
        </View>
        <View className="timeline__badges">
          {report.kind === 'noChange' ? (
            <Text className="timeline__badge timeline__badge--nochange">{zh.cycle.noChangeTag}</Text>
          ) : null}
          {report.kind === 'followUp' ? (
            <Text className="timeline__badge timeline__badge--followup">{zh.cycle.followUpTag}</Text>
          ) : null}
          {report.claimDone ? (
            <Text className="timeline__badge timeline__badge--claim">{zh.task.claimDone}</Text>
          ) : null}
          {report.percent !== null ? <Text className="timeline__badge">{zh.task.percent(report.percent)}</Text> : null}
          {reviewWord ? (
            <Text className={`timeline__badge timeline__badge--${report.review}`}>{reviewWord}</Text>
          ) : null}
        </View>
        <Text className="timeline__text" userSelect>
          {report.text}
        </Text>
        <PhotoGrid photos={report.photos} />
        {report.review === 'returned' && report.reviewReason ? (
          <View className="timeline__reason" role="note">
            <Text>{zh.task.returnReason(report.reviewReason)}</Text>
          </View>
        ) : null}
        {report.reviewedAt && report.review !== 'pending' ? (
          <Text className="timeline__meta">
            {zh.task.reviewedBy(report.reviewerName ?? zh.common.unknownPerson, chineseDateTime(report.reviewedAt))}
          </Text>
        ) : null}
        {actions}
      </View>
    </View>
  );
}

function ExtensionEntry({ extension: x }: { extension: ExtensionView }) {
  return (
    <View className="timeline__item timeline__item--extension">
      <View className="timeline__dot" />
      <View className="timeline__body">
        <View className="timeline__head">
          <Text className="timeline__who">
            {x.unitName} · {zh.task.extension}
          </Text>
          <Text className="timeline__when">{chineseDateTime(x.createdAt)}</Text>
        </View>
        <View className="timeline__badges">
          <Text className={`timeline__badge timeline__badge--${x.status}`}>{zh.extensionStatus[x.status]}</Text>
          <Text className="timeline__badge">
            {zh.task.extensionLine(x.oldDue ? chineseDate(x.oldDue) : zh.due.noDate, chineseDate(x.newDue))}
          </Text>
        </View>
        <Text className="timeline__text">{x.reason}</Text>
        {x.decisionNote ? <Text className="timeline__meta">{zh.task.extensionNote(x.decisionNote)}</Text> : null}
      </View>
    </View>
  );
}

function UrgeEntry({ urge }: { urge: UrgeView }) {
  return (
    <View className="timeline__item timeline__item--urge">
      <View className="timeline__dot" />
      <View className="timeline__body">
        <View className="timeline__head">
          <Text className="timeline__who">
            {zh.task.urgeBy(urge.urgerName ?? zh.userRole.supervisor)} · {urge.unitName}
          </Text>
          <Text className="timeline__when">{chineseDateTime(urge.createdAt)}</Text>
        </View>
        <Text className="timeline__text">{urge.message}</Text>
        {urge.readAt !== undefined ? (
          <Text className={`timeline__receipt${urge.readAt ? ' timeline__receipt--read' : ''}`}>
            {urge.readAt ? `${zh.desk.read} ${chineseDateTime(urge.readAt)}` : zh.desk.unread}
          </Text>
        ) : null}
      </View>
    </View>
  );
}
