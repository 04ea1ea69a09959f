/**
 * Disk usage for admins (storageUsage): bytes of photos, documents and circulars, the import previews kept, the
 * uploads no report refers to (removed by the cleanup pass once old enough) and the upload limits. On CloudBase
 * the figures come from the record of what was uploaded and saved since it began (`counted: 'recorded'`), and the
 * page says so.
 */
import { Text, View } from '@tarojs/components';
import type { ByteCount } from '../../../../core/api/contract';
import { api } from '../../../api';
import { RequireSession } from '../../../components/RequireSession';
import { ErrorState, LoadingState } from '../../../components/StateViews';
import { zh } from '../../../i18n/zh-CN';
import { useAsync } from '../../../lib/useAsync';
import './index.scss';

export default function StoragePage() {
  return <RequireSession roles={['admin']}>{() => <Storage />}</RequireSession>;
}

/** 1.2 MB, 340 KB, 12 B: one decimal at most. */
export function bytesText(n: number): string {
  if (n >= 1024 * 1024 * 1024) return `${(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 * 1024) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} B`;
}

function Row({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <View className="storage__row">
      <View className="storage__label">
        <Text>{label}</Text>
        {note ? <Text className="storage__note">{note}</Text> : null}
      </View>
      <Text className="storage__value">{value}</Text>
    </View>
  );
}

const counted = (c: ByteCount) => zh.storage.counted(c.count, bytesText(c.bytes));

function Storage() {
  const usage = useAsync(() => api.storageUsage({}), []);
  if (usage.loading && !usage.data) return <LoadingState />;
  if (!usage.data) return usage.error ? <ErrorState error={usage.error} onRetry={() => void usage.reload()} /> : null;
  const u = usage.data;
  return (
    <View className="page storage">
      <View className="section-title">
        <Text>{zh.storage.files}</Text>
      </View>
      <View className="card">
        {u.files ? (
          <>
            <Row label={zh.storage.photos} note={zh.storage.photosNote} value={counted(u.files.photos)} />
            <Row label={zh.storage.documents} value={counted(u.files.documents)} />
            <Row label={zh.storage.exports} value={counted(u.files.exports)} />
          </>
        ) : (
          <Text className="storage__note">{zh.storage.noListing}</Text>
        )}
        {u.files && u.counted === 'recorded' ? (
          <View className="storage__row">
            <Text className="storage__note">{zh.storage.recordedOnly}</Text>
          </View>
        ) : null}
        <Row
          label={zh.storage.previews}
          note={zh.storage.previewsNote(u.limits.previewKeepDays)}
          value={
            u.previews.bytes === null
              ? zh.storage.count(u.previews.count)
              : zh.storage.counted(u.previews.count, bytesText(u.previews.bytes))
          }
        />
      </View>

      <View className="section-title">
        <Text>{zh.storage.orphans}</Text>
      </View>
      <View className="card">
        {u.orphans ? (
          <>
            <Row
              label={zh.storage.orphansDue}
              note={zh.storage.orphansDueNote(u.limits.orphanKeepHours)}
              value={counted(u.orphans.due)}
            />
            <Row label={zh.storage.orphansWaiting} value={counted(u.orphans.waiting)} />
          </>
        ) : (
          <Text className="storage__note">{zh.storage.noListing}</Text>
        )}
      </View>

      <View className="section-title">
        <Text>{zh.storage.limits}</Text>
      </View>
      <View className="card">
        <Row label={zh.storage.maxUpload} value={bytesText(u.limits.maxUploadBytes)} />
        <Row
          label={zh.storage.perMinute}
          value={u.limits.uploadsPerMinute === null ? zh.storage.none : zh.storage.times(u.limits.uploadsPerMinute)}
        />
        <Row
          label={zh.storage.perDay}
          value={u.limits.dailyUploadBytes === null ? zh.storage.none : bytesText(u.limits.dailyUploadBytes)}
        />
      </View>
    </View>
  );
}
