// CommonJS packages (nestjs-pino, throttler, prometheus) require() the ESM-only Nest packages; loading
// Nest first through ESM avoids "Cannot require() ES Module ... in a cycle".
import 'reflect-metadata';
import '@nestjs/common';
import '@nestjs/core';
