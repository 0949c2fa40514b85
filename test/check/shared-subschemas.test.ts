import Ajv from 'ajv';

// scripts/shared-subschemas.js is plain JavaScript run by `npm run build` (scripts/build-schemas.js).

const { shareRepeatedSubschemas, splitLargeSubschemas } = require('../../scripts/shared-subschemas.js') as {
  shareRepeatedSubschemas: (
    schemas: Record<string, Schema>,
    definitions: Record<string, Schema>,
    minBytes: number,
  ) => Record<string, Schema>;
  splitLargeSubschemas: (schemas: Record<string, Schema>, minBytes: number) => Record<string, Schema>;
};

type Schema = Record<string, any>;

const AFFINITY: Schema = {
  type: 'object',
  properties: { key: { type: 'string' }, operator: { type: 'string', enum: ['In', 'NotIn'] } },
  required: ['key'],
  additionalProperties: false,
};

/** A CRD-like schema that spells out AFFINITY for the driver and the executor. */
function podsSchema(): Schema {
  return {
    type: 'object',
    properties: {
      driver: { type: 'object', properties: { affinity: structuredClone(AFFINITY), cores: { type: 'integer' } } },
      executor: { type: 'object', properties: { affinity: structuredClone(AFFINITY), instances: { type: 'integer' } } },
    },
  };
}

describe('repeated subschemas are compiled once (scripts/shared-subschemas.js)', () => {
  test('a subschema that occurs twice becomes one definition, referenced from both places', () => {
    expect.hasAssertions();
    const schemas = { app: podsSchema() };

    const added = shareRepeatedSubschemas(schemas, {}, 50);

    const [name] = Object.keys(added);
    expect(Object.values(added)).toEqual([AFFINITY]);
    expect(name).toMatch(/^repeated\.[0-9a-f]{16}$/);
    expect(schemas.app.properties.driver.properties.affinity).toEqual({ $ref: `#/definitions/${name}` });
    expect(schemas.app.properties.executor.properties.affinity).toEqual({ $ref: `#/definitions/${name}` });
  });

  test('a subschema smaller than the bound stays where it is', () => {
    expect.hasAssertions();
    const schemas = { app: podsSchema() };

    const added = shareRepeatedSubschemas(schemas, {}, JSON.stringify(AFFINITY).length + 1);

    expect(added).toEqual({});
    expect(schemas).toEqual({ app: podsSchema() });
  });

  test('a repeated part of a repeated subschema is not made a definition of its own: the larger one is moved first', () => {
    expect.hasAssertions();
    const pod = () => ({ type: 'object', properties: { a: structuredClone(AFFINITY), b: structuredClone(AFFINITY) } });
    const schemas = { app: { type: 'object', properties: { driver: pod(), executor: pod() } } };

    const added = shareRepeatedSubschemas(schemas, {}, 50);

    // The pod once, and inside it the affinity it holds twice: not a third copy.
    expect(Object.values(added)).toHaveLength(2);
    expect(Object.values(added).filter((schema) => schema.type === 'object' && schema.properties.a)).toHaveLength(1);
  });

  test('subschemas are found in items, additionalProperties, anyOf/oneOf/allOf, not and definitions', () => {
    expect.hasAssertions();
    const schemas = {
      app: {
        type: 'object',
        properties: {
          list: { type: 'array', items: structuredClone(AFFINITY) },
          map: { type: 'object', additionalProperties: structuredClone(AFFINITY) },
          either: { anyOf: [structuredClone(AFFINITY), { type: 'string' }] },
          neither: { not: structuredClone(AFFINITY) },
        },
      },
    };
    const definitions = { Other: { type: 'object', properties: { x: structuredClone(AFFINITY) } } };

    const added = shareRepeatedSubschemas(schemas, definitions, 50);

    const ref = { $ref: `#/definitions/${Object.keys(added)[0]}` };
    expect(Object.keys(added)).toHaveLength(1);
    expect(schemas.app.properties).toEqual({
      list: { type: 'array', items: ref },
      map: { type: 'object', additionalProperties: ref },
      either: { anyOf: [ref, { type: 'string' }] },
      neither: { not: ref },
    });
    expect(definitions.Other.properties.x).toEqual(ref);
  });

  test('a subschema with its own $id, or a reference outside the definitions, is left in place', () => {
    expect.hasAssertions();
    const withId = { ...AFFINITY, $id: 'urn:affinity' };
    const withLocalRef = { ...AFFINITY, properties: { ...AFFINITY.properties, same: { $ref: '#/properties/driver' } } };
    const schemas = {
      a: { type: 'object', properties: { x: structuredClone(withId), y: structuredClone(withId) } },
      b: { type: 'object', properties: { x: structuredClone(withLocalRef), y: structuredClone(withLocalRef) } },
    };
    const before = structuredClone(schemas);

    expect(shareRepeatedSubschemas(schemas, {}, 50)).toEqual({});
    expect(schemas).toEqual(before);
  });

  test('a reference is never moved into a definition of its own (that would give another reference, without end)', () => {
    expect.hasAssertions();
    const ref = { $ref: '#/definitions/io.k8s.api.core.v1.ObjectMeta_with_a_long_name' };
    const schemas = { app: { type: 'object', properties: { a: { ...ref }, b: { ...ref }, c: { ...ref } } } };

    expect(shareRepeatedSubschemas(schemas, {}, 10)).toEqual({});
    expect(schemas.app.properties).toEqual({ a: ref, b: ref, c: ref });
  });

  test('a map key or enum value that looks like a schema keyword is data, not a subschema', () => {
    expect.hasAssertions();
    const schemas = {
      app: {
        type: 'object',
        properties: { properties: structuredClone(AFFINITY), items: structuredClone(AFFINITY) },
        enum: [{ properties: structuredClone(AFFINITY) }, { properties: structuredClone(AFFINITY) }],
      },
    };

    const added = shareRepeatedSubschemas(schemas, {}, 50);

    const ref = { $ref: `#/definitions/${Object.keys(added)[0]}` };
    expect(schemas.app.properties).toEqual({ properties: ref, items: ref });
    expect(schemas.app.enum).toEqual([{ properties: AFFINITY }, { properties: AFFINITY }]);
  });

  test('the schema with its subschemas shared accepts and refuses the same data, with the same errors', () => {
    expect.hasAssertions();
    const schemas = { app: podsSchema() };
    const added = shareRepeatedSubschemas(schemas, {}, 50);
    const options = { allErrors: true, strict: false };
    const original = new Ajv(options).compile(podsSchema());
    const shared = new Ajv(options).compile({ ...schemas.app, definitions: added });
    const data = [
      {},
      { driver: { affinity: { key: 'a', operator: 'In' }, cores: 1 } },
      { driver: { affinity: { operator: 'Maybe', extra: 1 } }, executor: { affinity: 'x', instances: 'two' } },
      { executor: { affinity: { key: 3 } } },
    ];
    const errors = (validate: typeof original, value: unknown) => {
      validate(value);
      return (validate.errors ?? []).map(({ instancePath, keyword, params, message }) => ({ instancePath, keyword, params, message }));
    };

    for (const value of data) expect(errors(shared, value)).toEqual(errors(original, value));
    expect(data.filter((value) => !original(value))).toHaveLength(2);
  });
});

describe('large subschemas are compiled into functions of their own (scripts/shared-subschemas.js)', () => {
  test('a subschema at least as large as the bound becomes a definition, referenced from its place, though it occurs once', () => {
    expect.hasAssertions();
    const schemas = { app: podsSchema() };
    // The executor's schema is a few bytes larger than the driver's ("instances", "cores").
    const executor = structuredClone(schemas.app.properties.executor);

    const added = splitLargeSubschemas(schemas, JSON.stringify(executor).length);

    const [name] = Object.keys(added);
    expect(name).toMatch(/^part\.[0-9a-f]{16}$/);
    expect(added).toEqual({ [name]: executor });
    expect(schemas.app.properties.executor).toEqual({ $ref: `#/definitions/${name}` });
    expect(schemas.app.properties.driver).toEqual(podsSchema().properties.driver);
  });

  test('a large part of a moved subschema is moved too: each becomes a function, compiled when data reaches it', () => {
    expect.hasAssertions();
    const schemas = { app: podsSchema() };

    const added = splitLargeSubschemas(schemas, JSON.stringify(AFFINITY).length);

    // driver, executor, and the affinity both hold (the same text: one definition).
    expect(Object.keys(added)).toHaveLength(3);
    const affinity = Object.keys(added).find((name) => added[name].required);
    expect(Object.values(added).filter((schema) => schema.properties?.affinity?.$ref === `#/definitions/${affinity}`)).toHaveLength(2);
  });

  test('the schema split into parts accepts and refuses the same data, with the same errors', () => {
    expect.hasAssertions();
    const schemas = { app: podsSchema() };
    const added = splitLargeSubschemas(schemas, 50);
    const options = { allErrors: true, strict: false };
    const original = new Ajv(options).compile(podsSchema());
    const split = new Ajv(options).compile({ ...schemas.app, definitions: added });
    const data = [
      {},
      { driver: { affinity: { key: 'a', operator: 'In' }, cores: 1 } },
      { driver: { affinity: { operator: 'Maybe', extra: 1 } }, executor: { affinity: 'x', instances: 'two' } },
      { executor: { affinity: { key: 3 } }, other: true },
    ];
    const errors = (validate: typeof original, value: unknown) => {
      validate(value);
      return (validate.errors ?? []).map(({ instancePath, keyword, params, message }) => ({ instancePath, keyword, params, message }));
    };

    expect(Object.keys(added).length).toBeGreaterThan(1);
    for (const value of data) expect(errors(split, value)).toEqual(errors(original, value));
    expect(data.filter((value) => !original(value))).toHaveLength(2);
  });

  test('a subschema with its own $id, or a reference outside the definitions, is left in place', () => {
    expect.hasAssertions();
    const withId = { ...AFFINITY, $id: 'urn:affinity' };
    const withLocalRef = { ...AFFINITY, properties: { ...AFFINITY.properties, same: { $ref: '#/properties/x' } } };
    const schemas = {
      a: { type: 'object', properties: { x: structuredClone(withId) } },
      b: { type: 'object', properties: { x: structuredClone(withLocalRef) } },
    };
    const before = structuredClone(schemas);

    expect(splitLargeSubschemas(schemas, 50)).toEqual({});
    expect(schemas).toEqual(before);
  });
});
