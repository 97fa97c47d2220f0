// Original file: ../proto/coxswain/v1/coxswain.proto


export interface Mount {
  /**
   * "volume" (a named Docker volume on the host, one per replica), "bind" (a host path) or "tmpfs".
   */
  'type'?: (string);
  /**
   * The volume's name (volume) or an absolute host path (bind); empty for tmpfs.
   */
  'source'?: (string);
  /**
   * An absolute path in the container.
   */
  'target'?: (string);
  'readOnly'?: (boolean);
}

export interface Mount__Output {
  /**
   * "volume" (a named Docker volume on the host, one per replica), "bind" (a host path) or "tmpfs".
   */
  'type': (string);
  /**
   * The volume's name (volume) or an absolute host path (bind); empty for tmpfs.
   */
  'source': (string);
  /**
   * An absolute path in the container.
   */
  'target': (string);
  'readOnly': (boolean);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.Mount'
}
