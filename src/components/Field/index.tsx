/**
 * A labelled field of a form: its label above what it holds. A text field also gives its label to the native
 * field as `aria-label` (Taro draws no <label> for it; `src/lib/h5Accessibility.ts` moves it onto the native
 * field), so a screen reader says the same words as the eye reads. Hints and anything else go under the field.
 */
import { Input, Text, Textarea, View } from '@tarojs/components';
import type { ComponentType, ReactNode } from 'react';

function classes(base: string, extra?: string): string {
  return extra ? `${base} ${extra}` : base;
}

/** The label and what it labels (chips, a picker, a text field). */
export function Field({ label, className, children }: { label: string; className?: string; children?: ReactNode }) {
  return (
    <View className={classes('field', className)}>
      <Text className="field__label">{label}</Text>
      {children}
    </View>
  );
}

interface Labelled {
  label: string;
  /** Another class on the field. */
  className?: string;
  /** Another class on the input. */
  inputClassName?: string;
  /** A line of help under the input. */
  hint?: string;
  /** Under the input and its hint. */
  children?: ReactNode;
}

/** A labelled control that takes a class and an aria-label (Taro's Input, Textarea), its base class `base`. */
function labelledControl<P extends { className?: string }>(Control: ComponentType<P>, base: string) {
  return function LabelledControl({
    label,
    className,
    inputClassName,
    hint,
    children,
    ...control
  }: Labelled & Omit<P, 'className' | 'aria-label' | 'children'>) {
    return (
      <Field label={label} className={className}>
        <Control {...(control as unknown as P)} className={classes(base, inputClassName)} aria-label={label} />
        {hint ? <Text className="field__hint">{hint}</Text> : null}
        {children}
      </Field>
    );
  };
}

/** A labelled one-line input. */
export const TextField = labelledControl(Input, 'input');

/** A labelled text area. */
export const TextAreaField = labelledControl(Textarea, 'textarea');
