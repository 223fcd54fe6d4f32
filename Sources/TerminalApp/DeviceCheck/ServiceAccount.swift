import Glibc

/// The user the service runs as, with its groups: whose access `check-config` judges.
public struct ServiceAccount: Sendable, Equatable {
    public var name: String
    public var uid: UInt32
    /// The primary group and every supplementary group (by id).
    public var groupIDs: Set<UInt32>

    public init(name: String, uid: UInt32, groupIDs: Set<UInt32>) {
        self.name = name
        self.uid = uid
        self.groupIDs = groupIDs
    }

    /// The account named `name` from the system's user database, or `nil` if there is none.
    ///
    /// The unit's `SupplementaryGroups=gpio i2c dialout` also applies at run time; those are
    /// added here when the groups exist, so the check judges what the service will have.
    public static func lookup(_ name: String, supplementaryGroups: [String] = []) -> ServiceAccount? {
        guard let entry = getpwnam(name) else { return nil }
        let uid = entry.pointee.pw_uid, gid = entry.pointee.pw_gid
        var count: Int32 = 64
        var groups = [gid_t](repeating: 0, count: Int(count))
        if getgrouplist(name, gid, &groups, &count) < 0 {
            // The buffer was too small: `count` now says how many there are.
            groups = [gid_t](repeating: 0, count: Int(count))
            _ = getgrouplist(name, gid, &groups, &count)
        }
        var ids = Set(groups.prefix(Int(max(count, 0))))
        for group in supplementaryGroups { if let id = groupID(group) { ids.insert(id) } }
        ids.insert(gid)
        return ServiceAccount(name: name, uid: uid, groupIDs: ids)
    }

    /// The id of the group named `name`, or `nil` if it does not exist.
    public static func groupID(_ name: String) -> UInt32? {
        getgrnam(name).map { $0.pointee.gr_gid }
    }

    /// The name of group `id` (the number as text when it has none).
    public static func groupName(_ id: UInt32) -> String {
        getgrgid(id).flatMap { String(validatingCString: $0.pointee.gr_name) } ?? String(id)
    }

    /// The name of user `id` (the number as text when it has none).
    public static func userName(_ id: UInt32) -> String {
        getpwuid(id).flatMap { String(validatingCString: $0.pointee.pw_name) } ?? String(id)
    }
}
