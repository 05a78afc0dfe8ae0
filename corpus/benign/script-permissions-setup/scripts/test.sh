#!/usr/bin/env bash
npm test -- --reporter=dot
