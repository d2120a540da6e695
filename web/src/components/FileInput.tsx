/**
 * A labelled file picker that reads the chosen file as base64 (what the certificate API takes)
 * and shows the file name.
 */
import { type ReactNode } from 'react';
import { Field } from './Field';

/** A file read for upload. */
export interface PickedFile {
  name: string;
  base64: string;
}

/** Reads a File as base64 without the `data:` prefix. */
export function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.readAsDataURL(file);
  });
}

interface FileInputProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  accept?: string;
  onChange(file: PickedFile | null): void;
}

/** `<input type=file>` with its label and error (the browser shows the chosen name). */
export function FileInput({ id, label, hint, error, accept, onChange }: FileInputProps) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      {(control) => (
        <div className="file-input">
          <input
            {...control}
            type="file"
            accept={accept}
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file === undefined) {
                onChange(null);
                return;
              }
              void readAsBase64(file).then((base64) => onChange({ name: file.name, base64 }));
            }}
          />
        </div>
      )}
    </Field>
  );
}
