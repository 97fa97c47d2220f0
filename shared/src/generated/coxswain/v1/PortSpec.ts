// Original file: ../proto/coxswain/v1/coxswain.proto


export interface PortSpec {
  /**
   * A DNS label, unique in the workload; the container gets COXSWAIN_PORT_<NAME> (upper case,
   * '-' as '_') = the port to listen on.
   */
  'name'?: (string);
  /**
   * A fixed host port, or 0: one allocated from the host's --dynamic-ports.
   */
  'hostPort'?: (number);
  /**
   * Bridge only: where the app listens inside (0: the host port). Host mode: 0 or the host port.
   */
  'containerPort'?: (number);
  /**
   * A cluster-wide service port (30000-32767) on every host's routing mesh; 0: none.
   */
  'publish'?: (number);
}

export interface PortSpec__Output {
  /**
   * A DNS label, unique in the workload; the container gets COXSWAIN_PORT_<NAME> (upper case,
   * '-' as '_') = the port to listen on.
   */
  'name': (string);
  /**
   * A fixed host port, or 0: one allocated from the host's --dynamic-ports.
   */
  'hostPort': (number);
  /**
   * Bridge only: where the app listens inside (0: the host port). Host mode: 0 or the host port.
   */
  'containerPort': (number);
  /**
   * A cluster-wide service port (30000-32767) on every host's routing mesh; 0: none.
   */
  'publish': (number);
  /**
   * This field is a type brand and is not populated at runtime. Instances of this type should be created using type assertions.
   * https://github.com/grpc/grpc-node/pull/2281
   */
  __type: '.coxswain.v1.PortSpec'
}
