// Every outside input is validated with zod: a route's (or socket handler's) @Body, @Query, @Param
// and @MessageBody parameters take a `new ZodPipe(Schema, ...)`. A bare `@Body()` hands the handler
// whatever the client sent.
const INPUT_DECORATORS = new Set(['Body', 'Query', 'Param', 'MessageBody']);

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'Route and socket-handler inputs go through a ZodPipe' },
    schema: [],
    messages: {
      unvalidated: '@{{name}}() without a ZodPipe: validate it, e.g. @{{name}}(new ZodPipe(Schema, ...)).',
    },
  },
  create(context) {
    return {
      Decorator(node) {
        const call = node.expression;
        if (call.type !== 'CallExpression' || call.callee.type !== 'Identifier') return;
        const name = call.callee.name;
        if (!INPUT_DECORATORS.has(name)) return;
        const validated = call.arguments.some(
          (arg) =>
            arg.type === 'NewExpression' && arg.callee.type === 'Identifier' && arg.callee.name === 'ZodPipe',
        );
        if (!validated) context.report({ node, messageId: 'unvalidated', data: { name } });
      },
    };
  },
};
