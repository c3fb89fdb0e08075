/** Every module's tables, for Drizzle and drizzle-kit. Add a module's schema.ts here. */
export * from './platform/schema';
export * from './accounts/schema';
export * from './audit/schema';
export * from './mail/schema';
export * from './protection/schema';
export * from './gazetteer/schema';
export * from './atlas/schema';
export * from './events/schema';
export * from './consent/schema';
export * from './supporters/schema';
export * from './newsletter/schema';
