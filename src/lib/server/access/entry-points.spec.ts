/**
 * Every route entry point must start with an access decision: its first
 * statement is `guard(event, '<action>')`, `requireAccess(actor, '<action>')`
 * or `publicEntry('<reason>')`, each with a non-empty string literal.
 *
 * "First statement" is deliberately strict: anything before the check (an
 * await, a form read, a lookup) could already leak or change data. Entry
 * points are: exported `load` in +page.server.ts, +layout.server.ts, +page.ts
 * and +layout.ts; exported HTTP handlers in +server.ts; every property of an
 * exported `actions` object.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROUTES = join(process.cwd(), 'src', 'routes');
const ENTRY_FILES = new Set(['+page.server.ts', '+layout.server.ts', '+server.ts', '+page.ts', '+layout.ts']);
const HTTP_HANDLERS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'fallback']);
/** Check function → index of the string argument that names the action or reason. */
const CHECKS: Record<string, number> = { guard: 1, requireAccess: 1, publicEntry: 0 };

function routeFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const path = join(dir, e.name);
		if (e.isDirectory()) return routeFiles(path);
		return ENTRY_FILES.has(e.name) ? [path] : [];
	});
}

type FunctionLike = ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration | ts.MethodDeclaration;

function unwrap(node: ts.Expression): ts.Expression {
	while (ts.isSatisfiesExpression(node) || ts.isAsExpression(node) || ts.isParenthesizedExpression(node)) node = node.expression;
	return node;
}

/** Resolves a handler expression to a function in the same file (inline, or a named local function/const). */
function resolveFunction(expr: ts.Expression | undefined, file: ts.SourceFile): FunctionLike | undefined {
	if (!expr) return undefined;
	const e = unwrap(expr);
	if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return e;
	if (ts.isIdentifier(e)) {
		for (const stmt of file.statements) {
			if (ts.isFunctionDeclaration(stmt) && stmt.name?.text === e.text) return stmt;
			if (ts.isVariableStatement(stmt)) {
				for (const d of stmt.declarationList.declarations) {
					if (ts.isIdentifier(d.name) && d.name.text === e.text && d.initializer) return resolveFunction(d.initializer, file);
				}
			}
		}
	}
	return undefined;
}

function startsWithCheck(fn: FunctionLike | undefined): boolean {
	if (!fn?.body || !ts.isBlock(fn.body)) return false;
	const first = fn.body.statements[0];
	if (!first || !ts.isExpressionStatement(first)) return false;
	let call = first.expression;
	if (ts.isAwaitExpression(call)) call = call.expression;
	if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression)) return false;
	const argIndex = CHECKS[call.expression.text];
	if (argIndex === undefined) return false;
	const arg = call.arguments[argIndex];
	return arg !== undefined && ts.isStringLiteralLike(arg) && arg.text.trim().length > 0;
}

function isExported(node: ts.Node): boolean {
	return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

/** Returns "handler" names that lack a leading access check, e.g. ["load", "actions.default"]. */
export function uncheckedEntryPoints(source: string, fileName: string): string[] {
	const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
	const isServerFile = fileName.endsWith('+server.ts');
	const problems: string[] = [];
	const check = (name: string, fn: FunctionLike | undefined) => {
		if (!startsWithCheck(fn)) problems.push(name);
	};
	const isHandlerName = (name: string) => (isServerFile ? HTTP_HANDLERS.has(name) : name === 'load');
	const checkActions = (init: ts.Expression | undefined) => {
		const obj = init ? unwrap(init) : undefined;
		if (!obj || !ts.isObjectLiteralExpression(obj)) {
			problems.push('actions (not an object literal)');
			return;
		}
		for (const prop of obj.properties) {
			const name = prop.name && (ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name)) ? prop.name.text : '?';
			if (ts.isMethodDeclaration(prop)) check(`actions.${name}`, prop);
			else if (ts.isPropertyAssignment(prop)) check(`actions.${name}`, resolveFunction(prop.initializer, file));
			else if (ts.isShorthandPropertyAssignment(prop)) check(`actions.${name}`, resolveFunction(prop.name, file));
			else problems.push(`actions.${name} (spread or accessor)`);
		}
	};
	for (const stmt of file.statements) {
		if (ts.isFunctionDeclaration(stmt) && isExported(stmt) && stmt.name && isHandlerName(stmt.name.text)) {
			check(stmt.name.text, stmt);
		} else if (ts.isVariableStatement(stmt) && isExported(stmt)) {
			for (const d of stmt.declarationList.declarations) {
				if (!ts.isIdentifier(d.name)) continue;
				if (isHandlerName(d.name.text)) check(d.name.text, resolveFunction(d.initializer, file));
				else if (!isServerFile && d.name.text === 'actions') checkActions(d.initializer);
			}
		} else if (ts.isExportDeclaration(stmt) && stmt.exportClause && ts.isNamedExports(stmt.exportClause)) {
			// Re-exports (`export { load } from …`, `export { x as GET }`) hide the body: not allowed for entry points.
			for (const el of stmt.exportClause.elements) {
				const name = el.name.text;
				if (isHandlerName(name) || (!isServerFile && name === 'actions')) {
					if (stmt.moduleSpecifier) problems.push(`${name} (re-exported; declare it in the route file)`);
					else if (name === 'actions') checkActions(el.propertyName ?? el.name);
					else check(name, resolveFunction(el.propertyName ?? el.name, file));
				}
			}
		}
	}
	return problems;
}

describe('entry-point access coverage', () => {
	it('finds route files (guards against a wrong path making the test vacuous)', () => {
		const files = routeFiles(ROUTES);
		expect(files.length).toBeGreaterThan(5);
	});

	it('every load, HTTP handler and form action starts with guard(), requireAccess() or publicEntry()', () => {
		const missing = routeFiles(ROUTES).flatMap((path) =>
			uncheckedEntryPoints(readFileSync(path, 'utf8'), path).map((name) => `${relative(process.cwd(), path)}: ${name}`)
		);
		expect(missing, `entry points without an access check as first statement:\n${missing.join('\n')}`).toEqual([]);
	});

	describe('self-test of the checker', () => {
		it('reports handlers without a leading check', () => {
			const src = `
				import { guard } from '$lib/server/web/guard';
				export const load = async ({ locals }) => { const x = await db(); guard(event, 'staff.area'); return x; };
				export const actions = {
					default: async (event) => { await event.request.formData(); },
					save: async (event) => { guard(event, 'users.write'); },
					async remove(event) { publicEntry(''); },
					other: (event) => guard(event, 'users.write'),
					named
				} satisfies Actions;
				async function named(event) { console.log(event); }
			`;
			expect(uncheckedEntryPoints(src, 'x/+page.server.ts')).toEqual(['load', 'actions.default', 'actions.remove', 'actions.other', 'actions.named']);
		});

		it('reports +server.ts handlers, including function declarations and re-exports', () => {
			const src = `
				export async function GET() { return new Response('x'); }
				export const POST = () => { publicEntry('webhook from provider'); return new Response(); };
				export const fallback = async (e) => { requireAccess(e.locals.actor, ''); };
				export { handler as DELETE } from './elsewhere';
			`;
			expect(uncheckedEntryPoints(src, 'x/+server.ts')).toEqual(['GET', 'fallback', 'DELETE (re-exported; declare it in the route file)']);
		});

		it('accepts each kind of check', () => {
			const src = `
				export const load: PageServerLoad = (event) => { guard(event, 'account.self'); return {}; };
				export const actions: Actions = {
					a: async (event) => { publicEntry('public form'); },
					b: async ({ locals }) => { requireAccess(locals.actor, 'users.write'); },
					c: handler
				};
				const handler = async (event) => { guard(event, 'users.write'); };
			`;
			expect(uncheckedEntryPoints(src, 'x/+page.server.ts')).toEqual([]);
		});
	});
});
