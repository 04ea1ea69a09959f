/**
 * A search box: its field and, once something is typed, a × that empties it (and, with `icon`, a magnifier
 * before the field). The classes are `${block}__search`, `-icon`, `-input` and `-clear`, styled by the
 * `search-box` mixin (`src/styles/tokens.scss`).
 */
import { Input, View } from '@tarojs/components';
import { Search } from '@nutui/icons-react-taro';

export function SearchBox({
  block,
  value,
  placeholder,
  label,
  clearLabel,
  icon,
  onInput,
  onConfirm,
  onClear,
}: {
  /** The BEM block the classes hang on (`tasks`, `directory`, `unit-chooser`). */
  block: string;
  value: string;
  placeholder: string;
  /** The field's aria-label. */
  label: string;
  /** The ×'s aria-label. */
  clearLabel: string;
  /** The magnifier before the field; the keyboard's key then reads 搜索. */
  icon?: boolean;
  onInput(value: string): void;
  /** The keyboard's 搜索 (or 完成) pressed. */
  onConfirm?(): void;
  onClear(): void;
}) {
  return (
    <View className={`${block}__search`}>
      {icon ? <Search className={`${block}__search-icon`} size={16} /> : null}
      <Input
        className={`${block}__search-input`}
        value={value}
        placeholder={placeholder}
        aria-label={label}
        onInput={(e) => onInput(e.detail.value)}
        // only what is given reaches the native field: its own defaults stay otherwise
        {...(icon ? { confirmType: 'search' as const } : {})}
        {...(onConfirm ? { onConfirm } : {})}
      />
      {value ? (
        <View className={`${block}__search-clear`} role="button" aria-label={clearLabel} onClick={onClear}>
          ×
        </View>
      ) : null}
    </View>
  );
}
