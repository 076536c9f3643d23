// Whether the service depends on a database or cache, from its declared dependencies: a readiness route
// only has something to check when it does.
import type { ProjectModel } from './model';
import { normalizeName } from '../workspace/facts';

const PYTHON = ['sqlalchemy', 'sqlmodel', 'asyncpg', 'psycopg', 'psycopg2', 'psycopg2-binary', 'databases', 'tortoise-orm', 'pymongo',
  'motor', 'redis', 'mysqlclient', 'pymysql', 'aiomysql', 'peewee', 'elasticsearch', 'cassandra-driver', 'beanie', 'odmantic'];
const NPM = ['pg', 'postgres', 'mysql2', 'mysql', 'mongoose', 'mongodb', 'typeorm', '@prisma/client', 'sequelize', 'ioredis', 'redis', 'knex',
  'drizzle-orm', '@mikro-orm/core', '@nestjs/typeorm', '@nestjs/mongoose', 'kysely', '@elastic/elasticsearch'];

/** The datastore clients the project depends on, for the language of the app (`python` or `script`). */
export function datastores(model: ProjectModel, language: 'python' | 'script'): string[] {
  return language === 'python'
    ? PYTHON.filter((p) => model.facts.dependencies.has(normalizeName(p)))
    : NPM.filter((p) => model.facts.script.declared.has(p));
}
