/** Help texts: English first, the key words in Simplified Chinese for the operators on site. */

export const MAIN_HELP = `Device registry / 设备注册表

Usage: npm run devices -- <command> [options]

Commands / 命令:
  add        register a device, print its secret once        登记设备，仅显示一次密钥
  list       list registered devices                         列出设备
  disable    refuse a device at CONNECT                      停用设备
  enable     accept a disabled device again                  启用设备
  mosquitto  write passwd, acl, mosquitto.conf (client mode) 生成 Mosquitto 密码/ACL 文件

Run "npm run devices -- <command> --help" for a command's options.

Environment / 环境变量:
  DATABASE_URL  PostgreSQL/TimescaleDB URL; unset: the embedded database under DATA_DIR
  DATA_DIR      default ./data (embedded database in DATA_DIR/timescaledb)
                The embedded database is single-process: stop the hub before using this tool on it.
                嵌入式数据库只能由一个进程打开：请先停止 hub。

Exit codes: 0 done, 1 failed (e.g. database unreachable), 2 invalid command, option or field.`;

export const COMMAND_HELP: Record<string, string> = {
  add: `Usage: npm run devices -- add --id ID --kind gate|terminal|scale|sensor --site SITE [--label TEXT] [--replace]

Registers a device and prints its secret (the MQTT password) once; only a hash is stored.
登记设备并显示一次密钥（MQTT 密码）；数据库只保存哈希。

  --id       device id = MQTT username, 1-64 of A-Z a-z 0-9 . _ - (设备编号)
  --kind     gate (门禁), terminal (点餐机), scale (电子秤), sensor (传感器)
  --site     site id used in the topic campus/{site}/... (站点)
  --label    free text shown to operators (名称)
  --replace  the id exists already: give it a new secret (the old one stops working)`,
  list: `Usage: npm run devices -- list [--json]

Lists registered devices. 列出已登记的设备。`,
  disable: `Usage: npm run devices -- disable --id ID

Disables a device: it is refused at CONNECT and left out of Mosquitto's files. 停用设备。`,
  enable: `Usage: npm run devices -- enable --id ID

Enables a disabled device again (same secret). 重新启用设备（密钥不变）。`,
  mosquitto: `Usage: npm run devices -- mosquitto --out DIR --gateway-user NAME [--share-group G] [--port N]
                                 [--broker-dir PATH] [--new-gateway-password]

Writes DIR/passwd, DIR/acl and DIR/mosquitto.conf for an external Mosquitto (>= 2.0) in client
mode (MQTT_URL set): devices authenticate at the broker with their registry secrets, and the
gateways read all device topics through the shared subscription $share/G/campus/+/+/+/+.
为外部 Mosquitto（客户端模式）生成密码文件、ACL 和配置。

  --out                   directory to write to (created if missing)
  --gateway-user          the gateways' MQTT username (MQTT_USERNAME); must not be a device id
  --share-group           shared-subscription group (MQTT_SHARE_GROUP), default campus-gateways
  --port                  listener port in mosquitto.conf, default 1883
  --broker-dir            where the broker will find the files, default DIR (e.g. /mosquitto/config)
  --new-gateway-password  rotate the gateway password even if DIR/passwd already has one

The gateway password is generated on first export, printed once and kept on later exports.`,
};
