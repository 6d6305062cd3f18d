import { nextAuthEndpoint } from "@/lib/next/nextauth-route";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = nextAuthEndpoint();
