import { authHeaders } from './session.js';

/** A GraphQL error with the server's extensions.code, so callers can tell NOT_FOUND from the rest. */
export class GraphQLError extends Error {
  constructor(error) {
    super(error.message);
    this.code = error.extensions?.code;
  }
}

/** POSTs an operation to GeoHub and returns its data; the first error is thrown. */
export async function gql(query, variables = {}) {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json', ...authHeaders() },
    body: JSON.stringify({ query, variables }),
  });
  const answer = await response.json();
  if (answer.errors?.length) throw new GraphQLError(answer.errors[0]);
  return answer.data;
}
