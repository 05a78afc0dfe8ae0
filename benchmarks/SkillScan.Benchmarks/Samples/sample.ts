// Skill helper: indexes a workspace, scores files against a query and caches results (TypeScript, ESM).
import { createHash } from "node:crypto";
import { promises as fs, Dirent } from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";

export type Language = "typescript" | "javascript" | "python" | "markdown" | "other";

export interface IndexedFile {
  readonly path: string;
  readonly language: Language;
  readonly size: number;
  readonly hash: string;
  readonly tokens: ReadonlyMap<string, number>;
}

export interface SearchHit {
  file: IndexedFile;
  score: number;
  snippet?: string;
}

interface CacheEntry<T> {
  value: T;
  expires: number;
}

const EXTENSIONS: Record<string, Language> = {
  ".ts": "typescript",
  ".tsx": "typescript",
  ".js": "javascript",
  ".mjs": "javascript",
  ".py": "python",
  ".md": "markdown",
};

const IGNORED = new Set(["node_modules", ".git", "dist", "build", "__pycache__"]);

export class TtlCache<K, V> {
  private readonly entries = new Map<K, CacheEntry<V>>();

  constructor(private readonly ttlMs: number, private readonly maxEntries = 1_000) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires < Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: K, value: V): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, expires: Date.now() + this.ttlMs });
  }
}

function languageOf(file: string): Language {
  return EXTENSIONS[path.extname(file).toLowerCase()] ?? "other";
}

function tokenize(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const match of text.toLowerCase().matchAll(/[a-z_][a-z0-9_]{2,}/g)) {
    const word = match[0];
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return counts;
}

async function* walk(dir: string, depth = 0): AsyncGenerator<string> {
  if (depth > 12) return;
  let entries: Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (IGNORED.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      yield* walk(full, depth + 1);
    } else if (entry.isFile()) {
      yield full;
    }
  }
}

export async function indexWorkspace(root: string, maxBytes = 512 * 1024): Promise<IndexedFile[]> {
  const files: IndexedFile[] = [];
  for await (const file of walk(root)) {
    const stat = await fs.stat(file);
    if (stat.size > maxBytes) continue;
    const text = await fs.readFile(file, "utf8");
    files.push({
      path: path.relative(root, file),
      language: languageOf(file),
      size: stat.size,
      hash: createHash("sha256").update(text).digest("hex").slice(0, 16),
      tokens: tokenize(text),
    });
  }
  return files;
}

export function search(files: readonly IndexedFile[], query: string, limit = 10): SearchHit[] {
  const terms = [...tokenize(query).keys()];
  const documentFrequency = new Map<string, number>();
  for (const term of terms) {
    documentFrequency.set(term, files.filter((f) => f.tokens.has(term)).length);
  }
  const hits = files
    .map((file): SearchHit => {
      let score = 0;
      for (const term of terms) {
        const tf = file.tokens.get(term) ?? 0;
        const df = documentFrequency.get(term) ?? 0;
        if (tf > 0 && df > 0) score += (1 + Math.log(tf)) * Math.log(1 + files.length / df);
      }
      return { file, score };
    })
    .filter((hit) => hit.score > 0);
  hits.sort((a, b) => b.score - a.score || a.file.path.localeCompare(b.file.path));
  return hits.slice(0, limit);
}

export function gitChangedFiles(root: string): string[] {
  const result = spawnSync("git", ["diff", "--name-only", "HEAD"], { cwd: root, encoding: "utf8", timeout: 10_000 });
  if (result.status !== 0) {
    throw new Error(`git diff failed (${result.status}): ${result.stderr}`);
  }
  return result.stdout.split("\n").filter((line) => line.length > 0);
}

const cache = new TtlCache<string, SearchHit[]>(60_000);

export async function run(root: string, query: string): Promise<void> {
  const key = `${root}\u0000${query}`;
  let hits = cache.get(key);
  if (!hits) {
    const files = await indexWorkspace(root);
    hits = search(files, query);
    cache.set(key, hits);
  }
  const changed = new Set(gitChangedFiles(root));
  for (const { file, score } of hits) {
    const marker = changed.has(file.path) ? "*" : " ";
    console.log(`${marker} ${score.toFixed(3).padStart(8)}  ${file.language.padEnd(10)} ${file.path}`);
  }
}

export default run;
