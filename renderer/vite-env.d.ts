// Vite's client types: CSS modules and asset imports. No Node types come with them.
/// <reference types="vite/client" />
