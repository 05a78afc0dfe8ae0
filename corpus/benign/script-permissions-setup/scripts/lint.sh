#!/usr/bin/env bash
npx --no-install eslint . && npx --no-install prettier --check .
