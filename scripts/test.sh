#!/usr/bin/env bash
# Runs every check Wattline has: installs what the tests need, builds with warnings as errors,
# verifies formatting, and runs all test projects. Usage: bash scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests use: real MQTT clients as outside devices, Chromium for the dashboard tests,
# socat for virtual serial ports between the gateway and simulated Modbus meters.
packages=(mosquitto-clients chromium socat)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} ..."
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet tool restore >/dev/null
dotnet build Wattline.slnx -c Debug -warnaserror -nologo -v q
dotnet format Wattline.slnx --verify-no-changes --no-restore -v q

log=$(mktemp)
status=0
dotnet test Wattline.slnx -c Debug --no-build -nologo 2>&1 | tee "$log" || status=$?

# One closing line over all test projects.
awk '/^(Passed|Failed)!/ {
       for (i = 1; i <= NF; i++) {
         if ($i == "Passed:") passed += $(i + 1)
         if ($i == "Failed:") failed += $(i + 1)
         if ($i == "Skipped:") skipped += $(i + 1)
       }
     }
     END { printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped }' "$log"
rm -f "$log"
exit $status
