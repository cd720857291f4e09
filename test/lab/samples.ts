// Real output of the commands the lab reads, captured on the project's machine (nftables 1.0.6, iproute2 6.1.0) after `lab traffic`.

/** ip netns exec pctl-b nft -j list table inet pctl_lab */
export const NFT_LIST_TABLE =
  '{"nftables": [{"metainfo": {"version": "1.0.6", "release_name": "Lester Gooch #5", "json_schema_version": 1}}, {"table": {"family": "inet", "name": "pctl_lab", "handle": 1}}, ' +
  '{"chain": {"family": "inet", "table": "pctl_lab", "name": "input", "handle": 1, "type": "filter", "hook": "input", "prio": 0, "policy": "accept"}}, ' +
  '{"rule": {"family": "inet", "table": "pctl_lab", "chain": "input", "handle": 2, "comment": "pctl-loss", "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": 5001}}, ' +
  '{"match": {"op": "<", "left": {"numgen": {"mode": "random", "mod": 100, "offset": 0}}, "right": 5}}, {"counter": {"packets": 6, "bytes": 167960}}, {"drop": null}]}}]}\n';

/** ip -n pctl-b -s -j link show */
export const IP_S_J_LINK =
  '[{"ifindex":1,"ifname":"lo","flags":["LOOPBACK","UP","LOWER_UP"],"mtu":65536,"qdisc":"noqueue","operstate":"UNKNOWN","linkmode":"DEFAULT","group":"default","txqlen":1000,"link_type":"loopback","address":"00:00:00:00:00:00","broadcast":"00:00:00:00:00:00",' +
  '"stats64":{"rx":{"bytes":0,"packets":0,"errors":0,"dropped":0,"over_errors":0,"multicast":0},"tx":{"bytes":0,"packets":0,"errors":0,"dropped":0,"carrier_errors":0,"collisions":0}}},' +
  '{"ifindex":2,"link_index":2,"ifname":"pctl-vb","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1500,"qdisc":"noqueue","operstate":"UP","linkmode":"DEFAULT","group":"default","txqlen":1000,"link_type":"ether","address":"3a:7b:c8:ad:74:2d","broadcast":"ff:ff:ff:ff:ff:ff","link_netnsid":0,' +
  '"stats64":{"rx":{"bytes":2271394,"packets":99,"errors":0,"dropped":0,"over_errors":0,"multicast":0},"tx":{"bytes":137084,"packets":88,"errors":0,"dropped":0,"carrier_errors":0,"collisions":0}}}]\n';
