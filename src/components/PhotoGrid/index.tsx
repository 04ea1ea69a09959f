import Taro from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import type { PhotoView } from '../../../core/api/contract';
import { zh } from '../../i18n/zh-CN';
import { chineseDateTime } from '../../lib/dates';
import './index.scss';

/**
 * Photos of a report, three to a row; a tap opens them full screen. Below them, what the server found out about
 * each (core/evidence): its own capture time with a large gap flagged, and a photo used before, with a link to
 * the report it was first in.
 */
export function PhotoGrid({ photos }: { photos: PhotoView[] }) {
  if (photos.length === 0) return null;
  const urls = photos.map((p) => p.url);
  return (
    <View>
      <View className="photo-grid">
        {photos.map((p, i) => (
          <View
            key={p.id}
            className="photo-grid__cell"
            role="button"
            aria-label={zh.task.photoAria(i + 1)}
            onClick={() => void Taro.previewImage({ urls, current: p.url })}
          >
            <Image className="photo-grid__img" src={p.url} mode="aspectFill" lazyLoad />
          </View>
        ))}
      </View>
      {photos.map((p, i) =>
        p.receivedAt === undefined ? null : (
          <View key={`e-${p.id}`} className="photo-grid__facts">
            {p.takenAt ? (
              <Text className={p.captureGapHours ? 'photo-grid__warn' : 'muted'}>
                {zh.evidence.taken(i + 1, chineseDateTime(p.takenAt))}
                {p.captureGapHours ? zh.evidence.gap(p.captureGapHours) : ''}
              </Text>
            ) : null}
            {p.originalUrl === undefined && p.receivedAt ? (
              <Text className="muted">{zh.evidence.received(chineseDateTime(p.receivedAt))}</Text>
            ) : null}
            {p.reused ? (
              <View className="photo-grid__reused" data-testid="photo-reused">
                <Text className="photo-grid__warn">
                  {zh.evidence.reused(i + 1, p.reused.unitName, chineseDateTime(p.reused.at), p.reused.sameUnit)}
                </Text>
                <Text
                  className="photo-grid__link"
                  onClick={() =>
                    void Taro.navigateTo({ url: `/pages/task/index?id=${encodeURIComponent(p.reused!.taskId)}` })
                  }
                >
                  {zh.evidence.reusedTask(p.reused.taskSeq)}
                </Text>
              </View>
            ) : null}
          </View>
        ),
      )}
    </View>
  );
}
