// Sysctl names Linux has that the engine does not model, so the checker can tell a real but
// ignored setting (a warning) from a typo (an error). Taken from /proc/sys of a 6.x kernel, plus
// names 3.10 and 4.19 still had; conf and neigh settings exist once per interface.
const GROUPS: Record<string, string> = {
  'net.core': `
    bpf_jit_enable bpf_jit_harden bpf_jit_kallsyms bpf_jit_limit busy_poll busy_read
    default_qdisc dev_weight dev_weight_rx_bias dev_weight_tx_bias devconf_inherit_init_net
    fb_tunnels_only_for_init_net flow_limit_cpu_bitmap flow_limit_table_len gro_normal_batch
    high_order_alloc_disable max_skb_frags mem_pcpu_rsv message_burst message_cost netdev_budget
    netdev_budget_usecs netdev_max_backlog netdev_rss_key netdev_tstamp_prequeue
    netdev_unregister_timeout_secs optmem_max rmem_default rmem_max rps_default_mask
    rps_sock_flow_entries skb_defer_max somaxconn tstamp_allow_data txrehash warnings
    wmem_default wmem_max xfrm_acq_expires xfrm_aevent_etime xfrm_aevent_rseqth xfrm_larval_drop
  `,
  'net.ipv4': `
    cipso_cache_bucket_size cipso_cache_enable cipso_rbm_optfmt cipso_rbm_strictvalid
    fib_multipath_hash_fields fib_multipath_hash_policy fib_multipath_hash_seed
    fib_multipath_use_neigh fib_notify_on_flag_change fib_sync_mem fwmark_reflect
    icmp_echo_enable_probe icmp_echo_ignore_all icmp_echo_ignore_broadcasts
    icmp_errors_use_inbound_ifaddr icmp_ignore_bogus_error_responses icmp_msgs_burst
    icmp_msgs_per_sec icmp_ratelimit icmp_ratemask igmp_link_local_mcast_reports
    igmp_max_memberships igmp_max_msf igmp_qrv inet_peer_maxttl inet_peer_minttl
    inet_peer_threshold ip_autobind_reuse ip_default_ttl ip_dynaddr ip_early_demux ip_forward
    ip_forward_update_priority ip_forward_use_pmtu ip_local_port_range ip_local_reserved_ports
    ip_no_pmtu_disc ip_nonlocal_bind ip_unprivileged_port_start ipfrag_high_thresh
    ipfrag_low_thresh ipfrag_max_dist ipfrag_secret_interval ipfrag_time nexthop_compat_mode
    ping_group_range raw_l3mdev_accept tcp_abort_on_overflow tcp_adv_win_scale
    tcp_allowed_congestion_control tcp_app_win tcp_autocorking tcp_available_congestion_control
    tcp_available_ulp tcp_backlog_ack_defer tcp_base_mss tcp_challenge_ack_limit
    tcp_child_ehash_entries tcp_comp_sack_delay_ns tcp_comp_sack_nr tcp_comp_sack_slack_ns
    tcp_congestion_control tcp_cookie_size tcp_dma_copybreak tcp_dsack tcp_early_demux
    tcp_early_retrans tcp_ecn tcp_ecn_fallback tcp_ecn_option tcp_ecn_option_beacon
    tcp_ehash_entries tcp_fack tcp_fastopen tcp_fastopen_blackhole_timeout_sec tcp_fastopen_key
    tcp_fin_timeout tcp_frto tcp_frto_response tcp_fwmark_accept tcp_invalid_ratelimit
    tcp_keepalive_intvl tcp_keepalive_probes tcp_keepalive_time tcp_l3mdev_accept
    tcp_limit_output_bytes tcp_low_latency tcp_max_orphans tcp_max_reordering tcp_max_ssthresh
    tcp_max_syn_backlog tcp_max_tw_buckets tcp_mem tcp_migrate_req tcp_min_rtt_wlen
    tcp_min_snd_mss tcp_min_tso_segs tcp_moderate_rcvbuf tcp_mtu_probe_floor tcp_mtu_probing
    tcp_no_metrics_save tcp_no_ssthresh_metrics_save tcp_notsent_lowat tcp_orphan_retries
    tcp_pacing_ca_ratio tcp_pacing_ss_ratio tcp_pingpong_thresh tcp_plb_cong_thresh
    tcp_plb_enabled tcp_plb_idle_rehash_rounds tcp_plb_rehash_rounds tcp_plb_suspend_rto_sec
    tcp_probe_interval tcp_probe_threshold tcp_recovery tcp_reflect_tos tcp_reordering
    tcp_retrans_collapse tcp_retries1 tcp_retries2 tcp_rfc1337 tcp_rmem tcp_rto_max_ms
    tcp_rto_min_us tcp_sack tcp_shrink_window tcp_slow_start_after_idle tcp_stdurg
    tcp_syn_linear_timeouts tcp_syn_retries tcp_synack_retries tcp_syncookies tcp_thin_dupack
    tcp_thin_linear_timeouts tcp_timestamps tcp_tso_rtt_log tcp_tso_win_divisor tcp_tw_recycle
    tcp_tw_reuse tcp_tw_reuse_delay tcp_window_scaling tcp_wmem tcp_workaround_signed_windows
    udp_child_hash_entries udp_early_demux udp_hash_entries udp_l3mdev_accept udp_mem
    udp_rmem_min udp_wmem_min xfrm4_gc_thresh
  `,
  'net.ipv4.route': `
    error_burst error_cost flush gc_elasticity gc_interval gc_min_interval gc_min_interval_ms
    gc_thresh gc_timeout max_size min_adv_mss min_pmtu mtu_expires redirect_load redirect_number
    redirect_silence
  `,
  'net.ipv6': `
    anycast_src_echo_reply auto_flowlabels bindv6only calipso_cache_bucket_size
    calipso_cache_enable fib_multipath_hash_fields fib_multipath_hash_policy
    fib_notify_on_flag_change flowlabel_consistency flowlabel_reflect flowlabel_state_ranges
    fwmark_reflect idgen_delay idgen_retries ioam6_id ioam6_id_wide ip6frag_high_thresh
    ip6frag_low_thresh ip6frag_secret_interval ip6frag_time ip_nonlocal_bind max_dst_opts_length
    max_dst_opts_number max_hbh_length max_hbh_opts_number mld_max_msf mld_qrv seg6_flowlabel
    xfrm6_gc_thresh
  `,
  'net.ipv6.route': `
    flush gc_elasticity gc_interval gc_min_interval gc_min_interval_ms gc_thresh gc_timeout
    max_size min_adv_mss mtu_expires skip_notify_on_dev_down
  `,
  'net.ipv6.icmp': `
    echo_ignore_all echo_ignore_anycast echo_ignore_multicast error_anycast_as_unicast ratelimit
    ratemask
  `,
  'net.unix': `
    max_dgram_qlen
  `,
  'net.netfilter': `
    nf_conntrack_acct nf_conntrack_buckets nf_conntrack_checksum nf_conntrack_count
    nf_conntrack_events nf_conntrack_expect_max nf_conntrack_frag6_high_thresh
    nf_conntrack_frag6_low_thresh nf_conntrack_frag6_timeout nf_conntrack_generic_timeout
    nf_conntrack_gre_timeout nf_conntrack_gre_timeout_stream nf_conntrack_icmp_timeout
    nf_conntrack_icmpv6_timeout nf_conntrack_log_invalid nf_conntrack_max
    nf_conntrack_sctp_timeout_closed nf_conntrack_sctp_timeout_cookie_echoed
    nf_conntrack_sctp_timeout_cookie_wait nf_conntrack_sctp_timeout_established
    nf_conntrack_sctp_timeout_heartbeat_sent nf_conntrack_sctp_timeout_shutdown_ack_sent
    nf_conntrack_sctp_timeout_shutdown_recd nf_conntrack_sctp_timeout_shutdown_sent
    nf_conntrack_tcp_be_liberal nf_conntrack_tcp_ignore_invalid_rst nf_conntrack_tcp_loose
    nf_conntrack_tcp_max_retrans nf_conntrack_tcp_timeout_close
    nf_conntrack_tcp_timeout_close_wait nf_conntrack_tcp_timeout_established
    nf_conntrack_tcp_timeout_fin_wait nf_conntrack_tcp_timeout_last_ack
    nf_conntrack_tcp_timeout_max_retrans nf_conntrack_tcp_timeout_syn_recv
    nf_conntrack_tcp_timeout_syn_sent nf_conntrack_tcp_timeout_time_wait
    nf_conntrack_tcp_timeout_unacknowledged nf_conntrack_timestamp nf_conntrack_udp_timeout
    nf_conntrack_udp_timeout_stream nf_hooks_lwtunnel nf_log_all_netns
  `,
  'vm': `
    admin_reserve_kbytes compact_memory compact_unevictable_allowed compaction_proactiveness
    defrag_mode dirty_background_bytes dirty_background_ratio dirty_bytes dirty_expire_centisecs
    dirty_ratio dirty_writeback_centisecs dirtytime_expire_seconds drop_caches extfrag_threshold
    hugetlb_optimize_vmemmap hugetlb_shm_group laptop_mode legacy_va_layout lowmem_reserve_ratio
    max_map_count memfd_noexec min_free_kbytes min_slab_ratio min_unmapped_ratio mmap_min_addr
    mmap_rnd_bits mmap_rnd_compat_bits nr_hugepages nr_hugepages_mempolicy
    nr_overcommit_hugepages numa_stat numa_zonelist_order oom_dump_tasks
    oom_kill_allocating_task overcommit_kbytes overcommit_memory overcommit_ratio page-cluster
    page_lock_unfairness panic_on_oom percpu_pagelist_high_fraction shrink_inodes_with_pagecache
    stat_interval stat_refresh swappiness unprivileged_userfaultfd user_reserve_kbytes
    vfs_cache_pressure vfs_cache_pressure_denom watermark_boost_factor watermark_scale_factor
    zone_reclaim_mode
  `,
  'fs': `
    aio-max-nr aio-nr dentry-negative dentry-state dir-notify-enable file-max file-nr inode-nr
    inode-state lease-break-time leases-enable mount-max nr_open overflowgid overflowuid pipe-
    max-size pipe-user-pages-hard pipe-user-pages-soft protected_fifos protected_hardlinks
    protected_regular protected_symlinks suid_dumpable
  `,
  'kernel': `
    acct arch auto_msgmni bootloader_type bootloader_version bpf_stats_enabled cad_pid
    cap_last_cap core_file_note_size_limit core_modes core_pattern core_pipe_limit core_sort_vma
    core_uses_pid ctrl-alt-del dmesg_restrict domainname ftrace_dump_on_oops ftrace_enabled
    hardlockup_all_cpu_backtrace hardlockup_panic hostname hung_task_all_cpu_backtrace
    hung_task_check_count hung_task_check_interval_secs hung_task_detect_count hung_task_panic
    hung_task_timeout_secs hung_task_warnings init_private init_private_helper
    init_private_vsock_local_port init_private_vsock_port io_delay_type io_uring_disabled
    io_uring_group kptr_restrict max_lock_depth max_rcu_stall_to_panic msg_next_id msgmax msgmnb
    msgmni ngroups_max nmi_watchdog ns_last_pid numa_balancing
    numa_balancing_promote_rate_limit_MBps oops_all_cpu_backtrace oops_limit osrelease ostype
    overflowgid overflowuid panic panic_on_io_nmi panic_on_oops panic_on_rcu_stall
    panic_on_unrecovered_nmi panic_on_warn panic_print panic_sys_info perf_cpu_time_max_percent
    perf_event_max_contexts_per_stack perf_event_max_sample_rate perf_event_max_stack
    perf_event_mlock_kb perf_event_paranoid pid_max poweroff_cmd print-fatal-signals printk
    printk_delay printk_devkmsg printk_ratelimit printk_ratelimit_burst randomize_va_space real-
    root-dev sched_autogroup_enabled sched_cfs_bandwidth_slice_us sched_deadline_period_max_us
    sched_deadline_period_min_us sched_rr_timeslice_ms sched_rt_period_us sched_rt_runtime_us
    sem sem_next_id shm_next_id shm_rmid_forced shmall shmmax shmmni soft_watchdog
    softlockup_all_cpu_backtrace softlockup_panic split_lock_mitigate sysctl_writes_strict
    tainted task_delayacct threads-max timer_migration traceoff_on_warning tracepoint_printk
    unknown_nmi_panic unprivileged_bpf_disabled version warn_limit watchdog watchdog_cpumask
    watchdog_thresh
  `,
};

/** Under `PREFIX.<interface>.` (`all`, `default`, `eth0` …). */
const PER_INTERFACE: Record<string, string> = {
  'net.ipv4.conf': `
    accept_local accept_redirects accept_source_route arp_accept arp_announce
    arp_evict_nocarrier arp_filter arp_ignore arp_notify bc_forwarding bootp_relay
    disable_policy disable_xfrm drop_gratuitous_arp drop_unicast_in_l2_multicast
    force_igmp_version forwarding igmpv2_unsolicited_report_interval
    igmpv3_unsolicited_report_interval ignore_routes_with_linkdown log_martians mc_forwarding
    medium_id promote_secondaries proxy_arp proxy_arp_pvlan route_localnet rp_filter
    secure_redirects send_redirects shared_media src_valid_mark tag
  `,
  'net.ipv4.neigh': `
    anycast_delay app_solicit base_reachable_time base_reachable_time_ms delay_first_probe_time
    gc_interval gc_stale_time gc_thresh1 gc_thresh2 gc_thresh3 interval_probe_time_ms locktime
    mcast_resolicit mcast_solicit proxy_delay proxy_qlen retrans_time retrans_time_ms
    ucast_solicit unres_qlen unres_qlen_bytes
  `,
  'net.ipv6.conf': `
    accept_dad accept_ra accept_ra_defrtr accept_ra_from_local accept_ra_min_hop_limit
    accept_ra_min_lft accept_ra_mtu accept_ra_pinfo accept_ra_rt_info_max_plen
    accept_ra_rt_info_min_plen accept_ra_rtr_pref accept_redirects accept_source_route
    accept_untracked_na addr_gen_mode autoconf dad_transmits disable_ipv6 disable_policy
    drop_unicast_in_l2_multicast drop_unsolicited_na enhanced_dad force_forwarding
    force_mld_version force_tllao forwarding hop_limit ignore_routes_with_linkdown ioam6_enabled
    ioam6_id ioam6_id_wide keep_addr_on_down max_addresses max_desync_factor mc_forwarding
    mldv1_unsolicited_report_interval mldv2_unsolicited_report_interval mtu
    ndisc_evict_nocarrier ndisc_notify ndisc_tclass optimistic_dad proxy_ndp ra_defrtr_metric
    ra_honor_pio_life ra_honor_pio_pflag regen_max_retry regen_min_advance router_probe_interval
    router_solicitation_delay router_solicitation_interval router_solicitation_max_interval
    router_solicitations rpl_seg_enabled seg6_enabled seg6_require_hmac stable_secret
    suppress_frag_ndisc temp_prefered_lft temp_valid_lft use_oif_addrs_only use_optimistic
    use_tempaddr
  `,
  'net.ipv6.neigh': `
    anycast_delay app_solicit base_reachable_time base_reachable_time_ms delay_first_probe_time
    gc_interval gc_stale_time gc_thresh1 gc_thresh2 gc_thresh3 interval_probe_time_ms locktime
    mcast_resolicit mcast_solicit proxy_delay proxy_qlen retrans_time retrans_time_ms
    ucast_solicit unres_qlen unres_qlen_bytes
  `,
};

const words = (list: string) => new Set(list.trim().split(/\s+/));
const byGroup = new Map(Object.entries(GROUPS).map(([prefix, list]) => [prefix, words(list)]));
const byInterfaceGroup = new Map(Object.entries(PER_INTERFACE).map(([prefix, list]) => [prefix, words(list)]));

/** Whether Linux has this sysctl (catalogue names included: ask the catalogue first). */
export function isLinuxSysctl(name: string): boolean {
  const dot = name.lastIndexOf('.');
  if (dot < 0) return false;
  if (byGroup.get(name.slice(0, dot))?.has(name.slice(dot + 1))) return true;
  // net.ipv4.conf.eth0.rp_filter: the group is two segments before the interface name.
  const iface = name.lastIndexOf('.', dot - 1);
  return iface > 0 && (byInterfaceGroup.get(name.slice(0, iface))?.has(name.slice(dot + 1)) ?? false);
}
