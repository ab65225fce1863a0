/** Everything a rule file needs, from one place. */
export { defineRule } from './rule';
export type { CallSite, EditBuilder, Report, Rule, RuleContext, RuleDefinition, RuleDocs, RuleOptions, ProjectInfo } from './rule';
export type { Node, Tree } from './parser';
export type { Binding, Value } from './resolve';
export { stringParts, scopeOf } from './resolve';
export { truthiness } from './callsite';
export type { SourceUnit, AnalysisDocument } from './document';
export type { Category, Fix, FileEdit, Finding, Range, Severity, UnitEdit } from './types';
export { isSensitiveName, nameParts, classifySensitiveName, sensitiveNameStatus } from './sensitive';
export type { SensitiveClass } from './sensitive';
export type { PersonalData } from './sensitive-data';
export { minimumVersion, specRequiresAtLeast } from './versions';
