# Shell functions the build scripts that work in debootstrap roots share (sourced by
# build/fresh_check.sh, build/old_root.sh and build/deb_check.sh): running a command inside a root, and
# giving a root this machine's network settings.

# in_root ROOT CMD…: CMD inside ROOT (chroot) in a private mount namespace, clean env
in_root() {
    unshare --mount --propagation private --fork sh -c '
        r="$1"; shift
        mount -t proc proc "$r/proc" &&
        mount --rbind /dev "$r/dev" &&
        mount -t tmpfs -o mode=1777 tmpfs "$r/dev/shm" &&
        mount --rbind /sys "$r/sys" &&
        mount -t tmpfs -o mode=1777 tmpfs "$r/tmp" &&
        exec chroot "$r" /usr/bin/env -i HOME=/root USER=root LANG=C.UTF-8 TERM=dumb \
            PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
    ' sh "$@"
}

# the network settings every new machine here is given: resolver, CA bundle, pip's use of it
net_settings() {
    mkdir -p "$1/etc/ssl/certs"
    cp /etc/resolv.conf "$1/etc/resolv.conf"
    cp /etc/ssl/certs/ca-certificates.crt "$1/etc/ssl/certs/ca-certificates.crt"
    if [ -f /etc/pip.conf ]; then cp /etc/pip.conf "$1/etc/pip.conf"; fi
}
