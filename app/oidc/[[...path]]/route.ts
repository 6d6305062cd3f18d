import { unknownAddress } from "@/lib/api/http";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = unknownAddress();
