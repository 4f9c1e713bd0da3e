#!/usr/bin/env node
// The package's `bin`: the CLI is TypeScript, run in this process through tsx's require
// hook (a devDependency `npm ci` installs), so Ctrl-C reaches the CLI itself.
"use strict";
require("tsx/cjs");
require("./main.ts").runAndExit();
