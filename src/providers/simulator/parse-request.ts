/**
 * Reads what the user asked for from plain English, the way a chat model would: how many images,
 * of what, whether it is an edit, and which caller tool they told it to call.
 */

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19, twenty: 20,
};
const NUMBER = `(\\d{1,4}|${Object.keys(NUMBER_WORDS).join('|')})`;
const IMAGE_NOUN =
  '(?:images?|pictures?|pics?|photos?|photographs?|drawings?|paintings?|illustrations?|sketch(?:es)?' +
  '|renders?|renderings?|portraits?|artworks?|logos?|icons?|wallpapers?|variations?|versions?)';
// Up to two describing words between the number and the noun ("3 more cute images"), but not
// "one of the images", which refers to existing images rather than asking for new ones.
const FILLER = '(?:(?!(?:of|the|these|those|my|your|our|his|her|their)\\b)[a-z-]+\\s+){0,2}';

const COUNTED_IMAGES = new RegExp(`\\b${NUMBER}\\s+${FILLER}${IMAGE_NOUN}\\b`, 'i');
const DRAW_COUNT = new RegExp(`\\b(?:draw|paint|sketch|illustrate|render)\\s+(?:me\\s+|us\\s+)?${NUMBER}\\b`, 'i');
const FEW_IMAGES = new RegExp(`\\b(?:a\\s+)?(couple|pair|few|several)\\s+(?:of\\s+)?${FILLER}${IMAGE_NOUN}\\b`, 'i');
const ONE_IMAGE = new RegExp(`\\b(?:an?|another|single)\\s+${FILLER}${IMAGE_NOUN}\\b`, 'i');
const DRAW_VERB = /\b(?:draw|paint|sketch|illustrate|render)\b/i;
// Without one of these an image phrase is usually talk about an image ("here is a picture of
// my dog"), not a request for one.
const REQUEST_VERB =
  /\b(?:draw|paint|sketch|illustrate|render|generat\w*|create|make|produce|design|show|give|send|want|need|like|imagine|visuali[sz]e|can you|could you|please)\b/i;
const EDIT_VERB =
  /\b(?:edit|change|modify|make (?:it|the|him|her|them)|add|remove|replace|recolou?r|turn (?:it|the)|adjust|erase|swap)\b/i;

const SUBJECT_AFTER_NOUN = new RegExp(`${IMAGE_NOUN}\\s+(?:of|showing|depicting|featuring|about)\\s+(.+)`, 'is');
const SUBJECT_AFTER_VERB =
  /\b(?:draw|paint|sketch|illustrate|render|imagine|visuali[sz]e)\s+(?:me\s+|us\s+)?(.+)/is;
const STARTS_WITH_IMAGE_NOUN = new RegExp(`^(?:an?|another|single|${NUMBER})?\\s*${FILLER}${IMAGE_NOUN}\\b`, 'i');

/** A request past this is treated as this many: it bounds the steps a runaway server could allow. */
export const MAX_REQUESTED_IMAGES = 100;
const MAX_SUBJECT_CHARS = 200;
const MAX_ARGUMENT_CHARS = 60;

function toNumber(token: string): number {
  const word = NUMBER_WORDS[token.toLowerCase()];
  return word ?? Number.parseInt(token, 10);
}

/** Images asked for in `text`: 0 when none, otherwise at least 1 and at most MAX_REQUESTED_IMAGES. */
export function parseRequestedImageCount(text: string): number {
  const counted = COUNTED_IMAGES.exec(text) ?? DRAW_COUNT.exec(text);
  const few = counted === null ? FEW_IMAGES.exec(text) : null;
  const one = counted === null && few === null ? ONE_IMAGE.exec(text) : null;
  const phrase = counted ?? few ?? one;
  if (phrase === null) return DRAW_VERB.test(text) ? 1 : 0;
  // An image phrase at the very start ("3 images of a fox") is a request even without a verb.
  if (!REQUEST_VERB.test(text) && text.slice(0, phrase.index).trim() !== '') return 0;
  if (counted !== null) return Math.min(Math.max(toNumber(counted[1] ?? '1'), 0), MAX_REQUESTED_IMAGES);
  if (few !== null) return few[1]?.toLowerCase() === 'couple' || few[1]?.toLowerCase() === 'pair' ? 2 : 3;
  return 1;
}

export function mentionsEdit(text: string): boolean {
  return EDIT_VERB.test(text);
}

/** Shortens to `maxChars` at a word boundary. */
export function truncateWords(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars);
  const lastSpace = cut.lastIndexOf(' ');
  return (lastSpace > maxChars / 2 ? cut.slice(0, lastSpace) : cut).trimEnd();
}

/** First sentence, without polite trailers, collapsed whitespace and trailing punctuation. */
export function cleanPhrase(text: string, maxChars: number): string {
  const firstSentence = text.split(/(?<!\d)[.!?\n](?!\d)/, 1)[0] ?? '';
  const cleaned = firstSentence
    .replace(/\s+/g, ' ')
    .replace(/[,;:]?\s*\b(?:please|for me|thanks|thank you)\s*$/i, '')
    .replace(/[\s,;:'"`]+$/, '')
    .trim();
  return truncateWords(cleaned, maxChars);
}

/** What the image should show ("generate 10 images of a red fox" -> "a red fox"), if the text says. */
export function extractSubject(text: string): string | undefined {
  const afterNoun = SUBJECT_AFTER_NOUN.exec(text)?.[1];
  const afterVerb = SUBJECT_AFTER_VERB.exec(text)?.[1];
  const candidate = afterNoun ?? (afterVerb !== undefined && !STARTS_WITH_IMAGE_NOUN.test(afterVerb) ? afterVerb : undefined);
  if (candidate === undefined) return undefined;
  const subject = cleanPhrase(candidate, MAX_SUBJECT_CHARS);
  return subject === '' ? undefined : subject;
}

export interface ImageRequest {
  /** R: images the latest user message asks for; 0 when it asks for none. */
  readonly requestedImageCount: number;
  /** The prompt for the image tool, before any `, variation k`. */
  readonly subject: string;
  /** The user asked to change an image that is in context. */
  readonly wantsEdit: boolean;
}

export function parseImageRequest(
  userText: string,
  earlierUserTexts: ReadonlyArray<string>,
  imageInContext: boolean,
): ImageRequest {
  const wantsEdit = imageInContext && mentionsEdit(userText);
  const counted = parseRequestedImageCount(userText);
  // "Make it blue" names no image, but with an image in context it asks for one new image.
  const requestedImageCount = wantsEdit ? Math.max(counted, 1) : counted;
  let subject = wantsEdit ? undefined : extractSubject(userText);
  // "Make 2 more images" means more of what was asked for before.
  if (subject === undefined && !wantsEdit) {
    for (const earlier of earlierUserTexts) {
      subject = extractSubject(earlier);
      if (subject !== undefined) break;
    }
  }
  subject ??= cleanPhrase(userText, MAX_SUBJECT_CHARS);
  if (subject === '') subject = 'an image';
  return { requestedImageCount, subject, wantsEdit };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface NamedFunctionTool {
  readonly toolName: string;
  /** A short value for the tool's string arguments, e.g. "Paris" from "call get_weather for Paris". */
  readonly argumentHint: string;
}

/** The caller tool the user told the model to call ("call get_weather", "use `lookup`"), if any. */
export function findNamedFunctionTool(text: string, toolNames: ReadonlyArray<string>): NamedFunctionTool | undefined {
  for (const toolName of toolNames) {
    const mention = new RegExp(
      `\\b(?:call|use|run|invoke|using|calling|trigger)\\s+(?:the\\s+)?[\`'"]?${escapeRegExp(toolName)}[\`'"]?(?![\\w-])`,
      'i',
    ).exec(text);
    if (mention === null) continue;
    const after = text
      .slice(mention.index + mention[0].length)
      .replace(/^\s*(?:tool|function)?\s*(?:for|in|on|about|with|to|of|:)?\s+/i, '');
    const hint = cleanPhrase(after, MAX_ARGUMENT_CHARS) || cleanPhrase(text, MAX_ARGUMENT_CHARS) || 'example';
    return { toolName, argumentHint: hint };
  }
  return undefined;
}
