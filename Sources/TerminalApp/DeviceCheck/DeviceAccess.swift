/// Whether the service account can open a device node read-write, and if not, the fix.
public enum DeviceAccess {
    /// The kind of device, which decides the group that should own it.
    public enum Kind: String, Sendable {
        case gpio, i2c, serial

        /// The group a udev rule (ours, or the OS's) gives such nodes.
        public var group: String {
            switch self {
            case .gpio: return "gpio"
            case .i2c: return "i2c"
            case .serial: return "dialout"
            }
        }
    }

    /// `nil` when `account` may read and write `node`; otherwise what is wrong and the fix.
    /// `groupName` names a group id; `groupExists` says whether a group name exists on this system.
    public static func problem(_ node: DeviceNode, kind: Kind, account: ServiceAccount,
                               groupName: (UInt32) -> String, groupExists: (String) -> Bool) -> String? {
        guard node.isCharacterDevice else {
            return "\(node.path) is not a character device: check the path in the config"
        }
        if account.uid == 0 { return nil }
        let readWrite: (UInt32) -> Bool = { shift in node.mode >> shift & 0o6 == 0o6 }
        if node.ownerID == account.uid && readWrite(6) { return nil }
        if account.groupIDs.contains(node.groupID) && readWrite(3) { return nil }
        if readWrite(0) { return nil }
        let owner = groupName(node.groupID)
        let expected = kind.group
        let state = "\(node.path) is \(node.modeText) group \(owner): user \(account.name) cannot open it read-write"
        if owner == expected && readWrite(3) {
            return "\(state); add the user to group \(expected): `adduser \(account.name) \(expected)` (the .deb does this), then restart the service"
        }
        if !groupExists(expected) {
            return "\(state); group \(expected) does not exist: `addgroup --system \(expected)` (the .deb does this), then `udevadm trigger`"
        }
        return "\(state); no udev rule gives it group \(expected) with rw: install /usr/lib/udev/rules.d/60-rating-terminal.rules "
            + "(in the .deb), then `udevadm control --reload-rules && udevadm trigger` or reboot"
    }
}
