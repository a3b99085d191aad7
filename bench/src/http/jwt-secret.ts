/** The HS256 secret shared by the JWT server variants and the load generator that signs tokens. */
export const JWT_SECRET = 'authentify-bench-jwt-secret-'.padEnd(64, 'x');
