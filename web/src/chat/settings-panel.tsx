import type { ChatSettings } from './run-turn.ts';

interface SettingsPanelProps {
  settings: ChatSettings;
  models: string[];
  modelsError: string | undefined;
  onChange(settings: ChatSettings): void;
}

const SIZES = ['auto', '1024x1024', '1536x1024', '1024x1536', '512x512', '256x256'];
const QUALITIES = ['auto', 'low', 'medium', 'high'];
const FORMATS = ['png', 'jpeg', 'webp'];
const BACKGROUNDS = ['auto', 'opaque', 'transparent'];

/** Model picker and image tool settings; the image limit is sent as a header. */
export function SettingsPanel({ settings, models, modelsError, onChange }: SettingsPanelProps) {
  const set = <K extends keyof ChatSettings>(key: K, value: ChatSettings[K]) => onChange({ ...settings, [key]: value });
  const modelChoices = models.includes(settings.model) || settings.model === '' ? models : [settings.model, ...models];
  return (
    <details class="settings-box">
      <summary>
        Settings <span class="hint">· {settings.model || 'no model'} · {settings.maxImages.trim() === '' ? 'no image limit' : `${settings.exactMode ? 'exactly' : 'up to'} ${settings.maxImages} image(s)`}</span>
      </summary>
    <fieldset class="settings">
      <legend class="visually-hidden">Settings</legend>
      <label>
        Model
        <select name="model" value={settings.model} onChange={(event) => set('model', event.currentTarget.value)}>
          {modelChoices.map((model) => (
            <option key={model} value={model}>
              {model}
            </option>
          ))}
        </select>
      </label>
      {modelsError && <span class="error small">Models: {modelsError}</span>}
      <Choice label="Size" name="size" value={settings.size} options={SIZES} onChange={(value) => set('size', value)} />
      <Choice label="Quality" name="quality" value={settings.quality} options={QUALITIES} onChange={(value) => set('quality', value)} />
      <Choice label="Format" name="output_format" value={settings.outputFormat} options={FORMATS} onChange={(value) => set('outputFormat', value)} />
      <Choice label="Background" name="background" value={settings.background} options={BACKGROUNDS} onChange={(value) => set('background', value)} />
      <label>
        Partial images
        <select name="partial_images" value={String(settings.partialImages)} onChange={(event) => set('partialImages', Number(event.currentTarget.value))}>
          {[0, 1, 2, 3].map((count) => (
            <option key={count} value={String(count)}>
              {count}
            </option>
          ))}
        </select>
      </label>
      <label>
        Images per response
        <input
          name="max_images"
          type="number"
          min={settings.exactMode ? 1 : 0}
          max={20}
          inputMode="numeric"
          placeholder="no limit"
          value={settings.maxImages}
          onInput={(event) => set('maxImages', event.currentTarget.value)}
        />
      </label>
      <label class="inline">
        <input name="exact_images" type="checkbox" checked={settings.exactMode} onChange={(event) => set('exactMode', event.currentTarget.checked)} />
        Exactly this many
      </label>
    </fieldset>
    </details>
  );
}

function Choice({ label, name, value, options, onChange }: { label: string; name: string; value: string; options: string[]; onChange(value: string): void }) {
  return (
    <label>
      {label}
      <select name={name} value={value} onChange={(event) => onChange(event.currentTarget.value)}>
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </label>
  );
}
