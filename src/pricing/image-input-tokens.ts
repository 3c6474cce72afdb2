/**
 * The most input tokens one image can cost a chat model, from its pixel size and `detail`, with
 * each provider's published formula. Used to reserve money before a step: every figure here is an
 * upper bound (rounding always goes up), never an estimate that could fall below the bill.
 */

/** OpenAI's `input_image.detail`; other providers have no equivalent and ignore it. */
export type ImageDetail = 'low' | 'high' | 'auto' | 'original';

export interface ImageInputTokensQuery {
  /** The upstream model id (`gpt-4.1`, `claude-sonnet-4-5-20250929`); a `provider/` prefix is ignored. */
  readonly modelId: string;
  /** Pixels; undefined when the image could not be measured (the worst shape is assumed). */
  readonly width: number | undefined;
  readonly height: number | undefined;
  /** As sent upstream; undefined = the provider's default (`auto`). */
  readonly detail: ImageDetail | undefined;
}

type Formula = (width: number, height: number, detail: ImageDetail | undefined) => number;

export function maxImageInputTokens(query: ImageInputTokensQuery): number {
  const formula = formulaFor(query.modelId);
  if (query.width === undefined || query.height === undefined || query.width <= 0 || query.height <= 0) {
    return Math.max(...WORST_SHAPES.map(([width, height]) => formula(width, height, query.detail)));
  }
  return formula(query.width, query.height, query.detail);
}

// Shapes that maximise one formula or another (square, long strips, each cap's corner); an image
// of unknown size is bounded by the dearest of them. 8000 px is Anthropic's largest accepted edge.
const WORST_SHAPES: ReadonlyArray<readonly [number, number]> = [
  [8000, 8000], [8000, 4000], [8000, 2000], [8000, 1000], [8000, 500], [8000, 300],
  [6000, 6000], [2576, 2576], [2048, 768], [1568, 1568], [1024, 1024], [384, 384],
];

function formulaFor(modelId: string): Formula {
  const id = (modelId.split('/').at(-1) ?? modelId).toLowerCase();
  if (id.startsWith('simulator')) return () => SIMULATOR_TOKENS_PER_IMAGE;
  if (id.startsWith('claude')) return anthropicFormula(id);
  if (id.startsWith('gemini')) return geminiFormula(id);
  const openAI = openAIFormula(id.replace(/-\d{4}-\d{2}-\d{2}$/, ''));
  if (openAI) return openAI;
  if (/^(gpt|o\d|chatgpt|computer-use)/.test(id)) return unknownOpenAI;
  // A model of no known family (Llama, Qwen, … behind an OpenAI-compatible server): the dearest
  // formula of every family, so the reservation still bounds the bill.
  return (width, height, detail) =>
    Math.max(unknownOpenAI(width, height, detail), anthropicHighResolution(width, height), unknownGemini(width, height));
}

// ---------------------------------------------------------------------------------------------
// OpenAI — "Images and vision", section "Calculating costs"
// (https://platform.openai.com/docs/guides/images-vision#calculating-costs).

/**
 * Tile models: scale to fit 2048×2048, then so the shortest side is at most 768 px, count the
 * 512 px tiles; tokens = base + tile × tiles. `detail: low` costs the base alone. The guide's
 * worked examples (gpt-4o): 1024×1024 high → 765, 2048×4096 high → 1105. Scaled sides are
 * rounded up: OpenAI bills 2049×513 (→ 2048×512.75) as two tile rows.
 */
function tileFormula(baseTokens: number, tileTokens: number): Formula {
  return (width, height, detail) => {
    if (detail === 'low') return baseTokens;
    const fit = Math.min(1, 2048 / Math.max(width, height));
    const shortSide = Math.min(1, 768 / (Math.min(width, height) * fit));
    const scale = fit * shortSide;
    const tiles = Math.ceil(scaledSide(width, scale) / 512) * Math.ceil(scaledSide(height, scale) / 512);
    return baseTokens + tileTokens * tiles;
  };
}

/**
 * Patch models: 32×32 px patches; above the budget (1536) the image is shrunk to fit it; tokens =
 * patches × the model's multiplier. The guide's worked examples (gpt-4.1-mini): 1024×1024 →
 * 1024 patches → 1659 tokens; 1800×2400 → 1452 patches after shrinking. The bound takes the
 * budget itself once shrinking is needed (1536 ≥ whatever fits), so rounding never undercounts.
 * The guide gives no low-detail figure for these models, so `low` is bounded like `high`.
 */
function patchFormula(multiplier: number, patchBudget: number): Formula {
  return (width, height) => {
    const patches = Math.ceil(width / 32) * Math.ceil(height / 32);
    return Math.ceil(Math.min(patches, patchBudget) * multiplier);
  };
}

/** Models the guide lists by name, with their numbers. A date suffix (`-2025-04-14`) is ignored. */
const OPENAI_FORMULAS: ReadonlyMap<string, Formula> = new Map([
  ...['gpt-4o', 'chatgpt-4o-latest', 'gpt-4.1', 'gpt-4.5-preview'].map((id) => [id, tileFormula(85, 170)] as const),
  ['gpt-4o-mini', tileFormula(2833, 5667)],
  ...['o1', 'o1-pro', 'o3'].map((id) => [id, tileFormula(75, 150)] as const),
  ['computer-use-preview', tileFormula(65, 129)],
  ...['gpt-5', 'gpt-5-chat-latest'].map((id) => [id, tileFormula(70, 140)] as const),
  ...['gpt-4.1-mini', 'gpt-5-mini'].map((id) => [id, patchFormula(1.62, 1536)] as const),
  ...['gpt-4.1-nano', 'gpt-5-nano'].map((id) => [id, patchFormula(2.46, 1536)] as const),
  ['o4-mini', patchFormula(1.72, 1536)],
]);

function openAIFormula(id: string): Formula | undefined {
  return OPENAI_FORMULAS.get(id);
}

/**
 * An OpenAI model the guide does not list by name (gpt-5.4 and later, whose images are patches
 * with a budget of 2,500 at `high`/`auto` and 10,000 at `original` — 2.56 MP and 10.24 MP): the
 * largest published multiplier (2.46) over that budget, or the gpt-4o tile formula if dearer.
 */
function unknownOpenAI(width: number, height: number, detail: ImageDetail | undefined): number {
  const budget = detail === 'original' ? 10_000 : 2_500;
  return Math.max(tileFormula(85, 170)(width, height, 'high'), patchFormula(2.46, budget)(width, height, detail));
}

// ---------------------------------------------------------------------------------------------
// Anthropic — "Images and vision", "Evaluate image size"
// (https://platform.claude.com/docs/en/build-with-claude/vision): tokens ≈ width × height / 750,
// after resizing to the model's native maximum; images are padded to 28 px patches, one token
// per patch. Worked examples: 1000×1000 → ~1334, 1092×1092 → ~1590. Before Claude Opus 4.7 the
// maximum is 1568 px on the long edge and ~1,600 tokens (≈1.15 MP); Opus 4.7 raised it to
// 2576 px and 4,784 tokens. The bound is the larger of the area rule and the padded patch count.

function anthropicTokens(width: number, height: number, maxLongEdge: number, maxTokens: number): number {
  const scale = Math.min(1, maxLongEdge / Math.max(width, height), Math.sqrt((maxTokens * 750) / (width * height)));
  const scaledWidth = scaledSide(width, scale);
  const scaledHeight = scaledSide(height, scale);
  return Math.max(Math.ceil((scaledWidth * scaledHeight) / 750), Math.ceil(scaledWidth / 28) * Math.ceil(scaledHeight / 28));
}

function anthropicStandard(width: number, height: number): number {
  return anthropicTokens(width, height, 1568, 1600);
}

function anthropicHighResolution(width: number, height: number): number {
  return anthropicTokens(width, height, 2576, 4784);
}

function anthropicFormula(id: string): Formula {
  const version = claudeVersion(id);
  // An id we cannot date is bounded as a high-resolution model.
  return version !== undefined && version < 4.7 ? anthropicStandard : anthropicHighResolution;
}

/** `claude-sonnet-4-5-20250929` → 4.5, `claude-opus-4-20250514` → 4, `claude-3-5-sonnet-…` → 3.5. */
function claudeVersion(id: string): number | undefined {
  const modern = /^claude-(?:opus|sonnet|haiku)-(\d+)(?:-(\d{1,2}))?(?:-|$)/.exec(id);
  const legacy = /^claude-(\d+)(?:-(\d))?-(?:opus|sonnet|haiku)/.exec(id);
  const match = modern ?? legacy;
  if (!match) return undefined;
  return Number(match[1]) + (match[2] === undefined ? 0 : Number(`0.${match[2]}`));
}

// ---------------------------------------------------------------------------------------------
// Google Gemini — "Understand and count tokens" (https://ai.google.dev/gemini-api/docs/tokens):
// Gemini 2.x: both sides ≤ 384 px → 258 tokens; larger images are cropped and scaled into
// 768×768 tiles of 258 tokens each. Tiles follow a crop unit of about min(side) / 1.5 (between
// 256 and 768 px), so long strips take more tiles than width/768 suggests; the bound takes the
// larger count. Gemini 3 ("Media resolution", https://ai.google.dev/gemini-api/docs/media-resolution):
// a fixed budget per image by `media_resolution`; imagegate sends none, so images get the default,
// MEDIA_RESOLUTION_HIGH = 1120 tokens.

const GEMINI_TILE_TOKENS = 258;
const GEMINI_3_IMAGE_TOKENS = 1120;

function gemini2(width: number, height: number): number {
  if (width <= 384 && height <= 384) return GEMINI_TILE_TOKENS;
  const cropUnit = Math.min(768, Math.max(256, Math.floor(Math.min(width, height) / 1.5)));
  const byCropUnit = Math.ceil(width / cropUnit) * Math.ceil(height / cropUnit);
  const byTile = Math.ceil(width / 768) * Math.ceil(height / 768);
  return GEMINI_TILE_TOKENS * Math.max(byCropUnit, byTile);
}

function unknownGemini(width: number, height: number): number {
  return Math.max(GEMINI_3_IMAGE_TOKENS, gemini2(width, height));
}

function geminiFormula(id: string): Formula {
  const version = /^gemini-(\d+(?:\.\d+)?)/.exec(id)?.[1];
  if (version === undefined) return unknownGemini;
  return Number(version) >= 3 ? () => GEMINI_3_IMAGE_TOKENS : gemini2;
}

// ---------------------------------------------------------------------------------------------

/** The offline simulator bills a flat 85 tokens per image (src/providers/simulator/count-tokens.ts). */
export const SIMULATOR_TOKENS_PER_IMAGE = 85;

/** A side after scaling, rounded up to whole pixels (a hair of float error is not a pixel). */
function scaledSide(side: number, scale: number): number {
  return Math.ceil(side * scale - 1e-9);
}
