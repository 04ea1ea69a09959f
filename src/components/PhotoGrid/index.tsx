import Taro from '@tarojs/taro';
import { Image, View } from '@tarojs/components';
import type { PhotoView } from '../../../core/api/contract';
import { zh } from '../../i18n/zh-CN';
import './index.scss';

/** Photos of a report, three to a row; a tap opens them full screen. */
export function PhotoGrid({ photos }: { photos: PhotoView[] }) {
  if (photos.length === 0) return null;
  const urls = photos.map((p) => p.url);
  return (
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
  );
}
