import type { Node } from './parser';
import type { CallSite } from './rule';
import type { Resolver, Value } from './resolve';

const SPLATS = new Set(['list_splat', 'dictionary_splat']);

export class CallSiteImpl implements CallSite {
  private calleeCache: string | undefined | null = null;
  private positionalCache?: Node[];
  private keywordCache?: Map<string, Node>;
  private splat?: boolean;
  readonly function: Node;

  constructor(
    readonly node: Node,
    readonly unit: number,
    private readonly resolver: Resolver,
  ) {
    const fn = node.childForFieldName('function');
    if (!fn) throw new Error('not a call node');
    this.function = fn;
  }

  get callee(): string | undefined {
    if (this.calleeCache === null) this.calleeCache = this.resolver.qualifiedName(this.function, this.unit);
    return this.calleeCache;
  }

  get method(): string {
    if (this.function.type === 'attribute') return this.function.childForFieldName('attribute')?.text ?? '';
    return this.function.type === 'identifier' ? this.function.text : '';
  }

  get receiver(): Node | undefined {
    return this.function.type === 'attribute' ? (this.function.childForFieldName('object') ?? undefined) : undefined;
  }

  private scanArguments(): void {
    if (this.positionalCache) return;
    this.positionalCache = [];
    this.keywordCache = new Map();
    this.splat = false;
    const args = this.node.childForFieldName('arguments');
    if (!args) return;
    if (args.type === 'generator_expression') {
      this.positionalCache.push(args);
      return;
    }
    for (const child of args.namedChildren) {
      if (!child || child.type === 'comment') continue;
      if (child.type === 'keyword_argument') {
        const name = child.childForFieldName('name')?.text;
        if (name) this.keywordCache.set(name, child);
      } else if (SPLATS.has(child.type)) {
        this.splat = true;
      } else {
        this.positionalCache.push(child);
      }
    }
  }

  get positional(): readonly Node[] {
    this.scanArguments();
    return this.positionalCache ?? [];
  }

  get hasSplat(): boolean {
    this.scanArguments();
    return this.splat ?? false;
  }

  keywordArgument(name: string): Node | undefined {
    this.scanArguments();
    return this.keywordCache?.get(name);
  }

  keyword(name: string): Node | undefined {
    return this.keywordArgument(name)?.childForFieldName('value') ?? undefined;
  }

  argument(position: number | undefined, name?: string): Node | undefined {
    if (name !== undefined) {
      const byName = this.keyword(name);
      if (byName) return byName;
    }
    return position !== undefined ? this.positional[position] : undefined;
  }

  argumentValue(position: number | undefined, name?: string): Value | undefined {
    const node = this.argument(position, name);
    return node ? this.resolver.valueOf(node, this.unit) : undefined;
  }

  flag(name: string): 'true' | 'false' | 'unknown' | 'absent' {
    const node = this.keyword(name);
    if (!node) {
      const hasKeywordSplat = this.node.childForFieldName('arguments')?.namedChildren.some((c) => c?.type === 'dictionary_splat');
      return hasKeywordSplat ? 'unknown' : 'absent';
    }
    return truthiness(this.resolver.valueOf(node, this.unit));
  }
}

/** Whether a known value is truthy in Python; `unknown` when the value is not known. */
export function truthiness(value: Value): 'true' | 'false' | 'unknown' {
  switch (value.kind) {
    case 'bool':
      return value.value ? 'true' : 'false';
    case 'none':
      return 'false';
    case 'number':
      return value.value !== 0 ? 'true' : 'false';
    case 'string':
      return value.value.length > 0 ? 'true' : 'false';
    case 'sequence':
      return value.items.length > 0 ? 'true' : 'false';
    case 'dict':
      return value.entries.length > 0 ? 'true' : 'false';
    default:
      return 'unknown';
  }
}
